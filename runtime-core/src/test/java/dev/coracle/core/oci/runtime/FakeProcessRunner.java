package dev.coracle.core.oci.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Stands in for runc, crun and conmon: answers with scripted results and records what was run. */
public final class FakeProcessRunner implements ProcessRunner {

  private final Deque<ProcessResult> results = new ArrayDeque<>();
  private final Deque<Process> processes = new ArrayDeque<>();
  private final Deque<Consumer<List<String>>> onStart = new ArrayDeque<>();
  public final List<List<String>> commands = new ArrayList<>();
  public final List<Map<String, String>> environments = new ArrayList<>();

  /** The next {@link #run} prints {@code stdout} and exits 0. */
  public FakeProcessRunner succeeds(String stdout) {
    results.add(new ProcessResult(0, stdout, "", false));
    return this;
  }

  /** The next {@link #run} prints {@code stderr} and exits 1. */
  public FakeProcessRunner fails(String stderr) {
    results.add(new ProcessResult(1, "", stderr, false));
    return this;
  }

  public FakeProcessRunner timesOut() {
    results.add(new ProcessResult(-1, "", "", true));
    return this;
  }

  /** The next {@link #start} returns {@code process}. */
  public FakeProcessRunner starts(Process process) {
    return starts(process, command -> {});
  }

  /** Like {@link #starts(Process)}, doing what the real program would do as it starts, given its command. */
  public FakeProcessRunner starts(Process process, Consumer<List<String>> sideEffect) {
    processes.add(process);
    onStart.add(sideEffect);
    return this;
  }

  @Override
  public ProcessResult run(List<String> command, Duration timeout) {
    commands.add(List.copyOf(command));
    environments.add(Map.of());
    // Unscripted commands (cleanup deletes, say) succeed quietly.
    return results.isEmpty() ? new ProcessResult(0, "", "", false) : results.poll();
  }

  @Override
  public Process start(List<String> command, Map<String, String> environment) throws IOException {
    commands.add(List.copyOf(command));
    environments.add(Map.copyOf(environment));
    if (processes.isEmpty()) {
      throw new IOException("no such program: " + command.getFirst());
    }
    onStart.poll().accept(command);
    return processes.poll();
  }

  /** The commands run, each without the program and its global options, as one string. */
  public List<String> subcommands() {
    return commands.stream()
        .map(c -> String.join(" ", c.stream().skip(1).filter(a -> !a.startsWith("--root=") && !a.startsWith("--log-format")
            && !a.equals("--systemd-cgroup")).toList()))
        .toList();
  }
}

package dev.coracle.hcs.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A host process of {@link FakeJobs}: created (perhaps suspended), in at most one job, running
 * its {@link ProcessBehaviour} on a thread of its own once resumed. Its stdio are the pipes
 * its handles were given; its own copies of their ends go when it exits.
 */
final class FakeJobProcess implements ScriptedProcess {

  final int pid;
  final String commandLine;
  final Map<String, String> environment;
  final String workingDir;
  final String user;
  final int creationFlags;
  final FakeJobs.PipeState stdin;
  final FakeJobs.PipeState stdout;
  final FakeJobs.PipeState stderr;
  volatile FakeJobs.Job job;
  volatile boolean suspended;
  private final BlockingQueue<String> signals = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final Consumer<FakeJobProcess> onExit;
  private Thread thread;

  FakeJobProcess(int pid, String commandLine, Map<String, String> environment, String workingDir, String user,
      int creationFlags, FakeJobs.PipeState stdin, FakeJobs.PipeState stdout, FakeJobs.PipeState stderr,
      Consumer<FakeJobProcess> onExit) {
    this.pid = pid;
    this.commandLine = commandLine;
    this.environment = Map.copyOf(environment);
    this.workingDir = workingDir;
    this.user = user;
    this.creationFlags = creationFlags;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
    this.onExit = onExit;
  }

  synchronized void run(ProcessBehaviour behaviour) {
    suspended = false;
    thread = Thread.ofVirtual().name("fake-job-process-" + pid).start(() -> {
      int code;
      try {
        code = behaviour.run(this);
      } catch (Exception e) {
        code = 1;
      }
      exit(code);
    });
  }

  @Override
  public int pid() {
    return pid;
  }

  @Override
  public String commandLine() {
    return commandLine;
  }

  /** {@code {"CommandLine","WorkingDirectory","User","Environment":{...}}}, for behaviours that look. */
  @Override
  public JsonNode parameters() {
    ObjectNode node = Ledger.JSON.createObjectNode();
    node.put("CommandLine", commandLine);
    node.put("WorkingDirectory", workingDir);
    node.put("User", user);
    ObjectNode env = node.putObject("Environment");
    environment.forEach(env::put);
    return node;
  }

  @Override
  public InputStream stdin() {
    return stdin == null ? InputStream.nullInputStream() : stdin.pipe().inputStream();
  }

  @Override
  public OutputStream stdout() {
    return stdout == null ? OutputStream.nullOutputStream() : stdout.pipe().outputStream();
  }

  @Override
  public OutputStream stderr() {
    return stderr == null ? OutputStream.nullOutputStream() : stderr.pipe().outputStream();
  }

  /** Blocks until a console control event arrives: {@code CtrlBreak}. */
  @Override
  public String awaitSignal() throws InterruptedException {
    return signals.take();
  }

  void signal(String name) {
    signals.add(name);
  }

  boolean exited() {
    return exit.isDone();
  }

  Integer exitCode() {
    return exit.isDone() ? exit.join() : null;
  }

  CompletableFuture<Integer> exitFuture() {
    return exit;
  }

  /** Ends it now with {@code code}, as {@code TerminateProcess} and {@code TerminateJobObject} do. */
  synchronized void terminate(int code) {
    exit(code);
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void exit(int code) {
    if (exit.complete(code)) {
      onExit.accept(this);
    }
  }
}

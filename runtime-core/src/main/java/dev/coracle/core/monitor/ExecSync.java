package dev.coracle.core.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.error.CoracleException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.oci.runtime.Drain;
import dev.coracle.core.oci.runtime.ProcessRunner;
import dev.coracle.core.oci.runtime.RuntimeMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command in a running container to its end (CRI ExecSync) through conmon's exec mode:
 * conmon runs the runtime's {@code exec}, writes the command's stdout and stderr to a CRI log
 * file, and reports the PID and then the exit code on the sync pipe.
 *
 * <p>The timeout is enforced here, to the millisecond: at the deadline the command and its
 * descendants are killed. conmon's own {@code --timeout} is set a little later as a backstop
 * for when this JVM dies mid-exec; alone it would not do, since conmon 2.1.6 arms it with a
 * whole-second glib timer that fires up to a second early.
 */
public final class ExecSync {

  /** The most of each stream an ExecSync returns (what kubelet allows, 16 MiB). */
  public static final int OUTPUT_CAP = 16 << 20;

  private static final Logger log = LoggerFactory.getLogger(ExecSync.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long conmon may take beyond the command itself: starting the runtime, reporting. */
  private static final Duration GRACE = Duration.ofSeconds(10);
  /** How much later than ours conmon's own timeout fires, covering its early-firing timer. */
  private static final int BACKSTOP_SECONDS = 2;

  private final Path binary;
  private final ProcessRunner runner;
  private final Path workRoot;

  /**
   * @param binary the conmon program
   * @param workRoot where each exec gets a scratch directory (process spec, log) for its duration
   */
  public ExecSync(Path binary, ProcessRunner runner, Path workRoot) {
    this.binary = binary;
    this.runner = runner;
    this.workRoot = workRoot;
  }

  /**
   * Runs the command and waits for it.
   *
   * @throws NotFoundException when the runtime does not know the container
   * @throws FailedPreconditionException when the container is not running or the command
   *     cannot be started (no such program)
   * @throws UnavailableException when interrupted, or when conmon stopped answering
   */
  public ExecResult run(ExecRequest request) {
    Path dir = scratchDirectory(request);
    try {
      Files.write(dir.resolve("process.json"), JSON.writeValueAsBytes(request.process()));
      try (ConmonPipes pipes = ConmonPipes.open(dir, false)) {
        Process process = runner.start(pipes.command(arguments(request, dir)), pipes.environment());
        process.getOutputStream().close();
        Drain stderr = Drain.start(process.getErrorStream(), 64 << 10);
        try (SyncPipe sync = pipes.sync("exec " + request.containerId())) {
          pipes.awaitChild(process, Conmon.HANDOVER_TIMEOUT);
          return await(request, process, sync, stderr, dir);
        } catch (IOException | TimeoutException e) {
          throw new InternalException("cannot start conmon for an exec in container " + request.containerId() + ": "
              + Conmon.exitComplaint(process, stderr), e);
        } finally {
          process.destroyForcibly();
        }
      }
    } catch (IOException e) {
      throw new InternalException("exec in container " + request.containerId() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while running an exec in container " + request.containerId());
    } finally {
      deleteTree(dir);
    }
  }

  /** conmon's command line for one exec whose scratch directory is {@code dir}. */
  List<String> arguments(ExecRequest request, Path dir) {
    List<String> args = new ArrayList<>(List.of(binary.toString(),
        "--api-version", "1",
        "--cid", request.containerId(),
        "--cuuid", dir.getFileName().toString(),
        "--runtime", request.runtime().binary().toString(),
        "--container-pidfile", dir.resolve("pid").toString(),
        "--exec",
        "--exec-process-spec", dir.resolve("process.json").toString(),
        "--log-path", "k8s-file:" + dir.resolve("log"),
        "--socket-dir-path", dir.toString()));
    if (request.timeout().isPositive()) {
      long seconds = (request.timeout().toMillis() + 999) / 1000;
      args.addAll(List.of("--timeout", Long.toString(seconds + BACKSTOP_SECONDS)));
    }
    if (request.runtime().systemdCgroup()) {
      args.add("--systemd-cgroup");
    }
    for (String runtimeArg : request.runtime().globalArgs()) {
      args.add("--runtime-arg");
      args.add(runtimeArg);
    }
    return args;
  }

  private ExecResult await(ExecRequest request, Process process, SyncPipe sync, Drain stderr, Path dir)
      throws IOException, InterruptedException {
    long deadline = request.timeout().isPositive() ? System.nanoTime() + request.timeout().toNanos() : Long.MAX_VALUE;
    // First the PID, once the runtime started the command; then its exit code.
    SyncMessage started = next(sync, process, stderr, request, untilDeadline(deadline));
    if (started == null) {
      started = next(sync, process, stderr, request, GRACE);
    }
    if (started == null) {
      throw silent(request);
    }
    if (started.timedOut()) {
      return timedOut(dir);
    }
    if (started.failed()) {
      throw refused(request, RuntimeMessages.errorMessage(started.message()));
    }
    SyncMessage ended = next(sync, process, stderr, request, untilDeadline(deadline));
    if (ended == null) {
      killCommand(started.data(), dir);
      ended = next(sync, process, stderr, request, GRACE);
      if (ended == null) {
        throw silent(request);
      }
      return timedOut(dir);
    }
    if (ended.timedOut()) {
      return timedOut(dir);
    }
    process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    CriLogReader.Output output = output(dir);
    return new ExecResult((int) ended.data(), output.stdout(), output.stderr(), false);
  }

  /** The next sync message; null when none came within {@code wait}. */
  private static SyncMessage next(SyncPipe sync, Process process, Drain stderr, ExecRequest request, Duration wait)
      throws InterruptedException {
    try {
      Optional<SyncMessage> message = sync.next(wait);
      if (message.isEmpty()) {
        process.waitFor(1, TimeUnit.SECONDS);
        String said = new String(stderr.finish(Duration.ofMillis(200)), StandardCharsets.UTF_8).strip();
        throw new InternalException("conmon ended the exec in container " + request.containerId()
            + " without reporting its end" + (said.isEmpty() ? "" : ": " + said));
      }
      return message.get();
    } catch (TimeoutException e) {
      return null;
    }
  }

  private static Duration untilDeadline(long deadline) {
    return deadline == Long.MAX_VALUE ? Duration.ofDays(365) : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /**
   * Kills the command and whatever it started, if its parent is this exec's conmon (known by
   * the scratch directory on its command line), so a recycled PID is never hit. conmon forks
   * and detaches in exec mode too: the command is not a descendant of the process started here.
   */
  private static void killCommand(long pid, Path dir) {
    Optional<ProcessHandle> command = ProcessHandle.of(pid).filter(p -> p.parent()
        .filter(parent -> Procs.name(parent.pid()).orElse("").equals("conmon")
            && Procs.commandLine(parent.pid()).contains(dir.toString()))
        .isPresent());
    if (command.isEmpty()) {
      log.warn("exec process {} is gone or not this exec's; leaving it to conmon's timeout", pid);
      return;
    }
    List<ProcessHandle> spawned = command.get().descendants().toList();
    command.get().destroyForcibly();
    spawned.forEach(ProcessHandle::destroyForcibly);
  }

  private static ExecResult timedOut(Path dir) throws IOException {
    CriLogReader.Output output = output(dir);
    return new ExecResult(-1, output.stdout(), output.stderr(), true);
  }

  private static CriLogReader.Output output(Path dir) throws IOException {
    Path logFile = dir.resolve("log");
    return Files.exists(logFile)
        ? CriLogReader.output(logFile, OUTPUT_CAP)
        : new CriLogReader.Output(new byte[0], new byte[0], false);
  }

  private static CoracleException refused(ExecRequest request, String message) {
    String text = "exec in container " + request.containerId() + " failed: " + message;
    if (RuntimeMessages.isUnknownContainer(message, request.containerId())) {
      return new NotFoundException(text);
    }
    return new FailedPreconditionException(text);
  }

  private static UnavailableException silent(ExecRequest request) {
    return new UnavailableException("conmon did not report on the exec in container " + request.containerId()
        + " within " + GRACE.toSeconds() + " s of its deadline");
  }

  private Path scratchDirectory(ExecRequest request) {
    try {
      Files.createDirectories(workRoot);
      return Files.createTempDirectory(workRoot, "exec-");
    } catch (IOException e) {
      throw new InternalException("cannot make a scratch directory for an exec in container "
          + request.containerId() + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      log.warn("cannot remove exec scratch directory {}: {}", dir, e.getMessage());
    }
  }
}

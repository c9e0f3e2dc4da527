package dev.coracle.core.monitor;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.oci.runtime.Drain;
import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.ProcessRunner;
import dev.coracle.core.oci.runtime.RuntimeMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates containers under conmon (2.1), the monitor that holds a container's stdio, writes its
 * output in the CRI log format, records its exit code and outlives this daemon.
 *
 * <p>conmon runs the OCI runtime's {@code create}; the caller then runs {@code start} through
 * {@link OciRuntime#start}. conmon detaches itself (it forks, the parent exits, the child calls
 * setsid and becomes a child subreaper), so it is not this JVM's child and survives its death.
 */
public final class Conmon {

  private static final Logger log = LoggerFactory.getLogger(Conmon.class);

  /** How long conmon may take to exit on its own once it reported a failure. */
  private static final Duration EXIT_GRACE = Duration.ofSeconds(5);
  private static final int STDERR_CAP = 64 << 10;
  /** How long the shell that starts conmon may take to open the FIFOs. */
  static final Duration HANDOVER_TIMEOUT = Duration.ofSeconds(10);

  private final Path binary;
  private final ProcessRunner runner;
  private final ConmonCgroup cgroups;
  private final Duration createTimeout;

  /**
   * @param binary the conmon program
   * @param createTimeout how long the runtime's {@code create} may take before it is abandoned
   */
  public Conmon(Path binary, ProcessRunner runner, ConmonCgroup cgroups, Duration createTimeout) {
    this.binary = binary;
    this.runner = runner;
    this.cgroups = cgroups;
    this.createTimeout = createTimeout;
  }

  /** The conmon program, which ExecSync runs too. */
  public Path binary() {
    return binary;
  }

  /**
   * Creates the container: returns once the runtime has created it (its init process waits for
   * {@code start}), or fails with the runtime's own message and leaves neither a container nor
   * a conmon behind.
   *
   * @throws FailedPreconditionException when the runtime refused the bundle (a missing binary,
   *     a bad mount, ...)
   * @throws UnavailableException when creation did not finish in time or was interrupted
   * @throws InternalException when conmon itself failed
   */
  public CreatedContainer create(ContainerLaunch launch) {
    prepare(launch);
    Path pipesDir = pipesDirectory(launch);
    try (ConmonPipes pipes = ConmonPipes.open(pipesDir, true)) {
      Process process = runner.start(pipes.command(arguments(launch)), pipes.environment());
      Drain stderr = Drain.start(process.getErrorStream(), STDERR_CAP);
      try (SyncPipe sync = pipes.sync(launch.id())) {
        return create(launch, process, pipes, sync, stderr);
      } catch (TimeoutException e) {
        cleanUp(launch, process);
        throw new UnavailableException(launch.runtime().name() + " did not create container " + launch.id()
            + " within " + createTimeout.toSeconds() + " s; abandoned it");
      } catch (InterruptedException e) {
        cleanUp(launch, process);
        Thread.currentThread().interrupt();
        throw new UnavailableException("interrupted while creating container " + launch.id());
      } catch (IOException e) {
        String complaint = exitComplaint(process, stderr);
        cleanUp(launch, process);
        throw new InternalException("cannot start conmon for container " + launch.id() + ": " + complaint, e);
      }
    } catch (IOException e) {
      throw new InternalException("cannot start conmon for container " + launch.id() + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(pipesDir);
    }
  }

  private CreatedContainer create(ContainerLaunch launch, Process process, ConmonPipes pipes, SyncPipe sync,
      Drain stderr) throws IOException, InterruptedException, TimeoutException {
    pipes.awaitChild(process, HANDOVER_TIMEOUT);
    joinCgroup(process, launch);
    pipes.release();
    Optional<SyncMessage> reply = sync.next(createTimeout);
    if (reply.isEmpty()) {
      String complaint = exitComplaint(process, stderr);
      cleanUp(launch, process);
      throw new InternalException("conmon exited before creating container " + launch.id() + ": " + complaint);
    }
    if (reply.get().failed()) {
      cleanUp(launch, process);
      throw new FailedPreconditionException("cannot create container " + launch.id() + ": "
          + RuntimeMessages.errorMessage(reply.get().message()));
    }
    try {
      return new CreatedContainer(launch.id(), reply.get().data(), conmonPid(process, launch));
    } catch (InternalException e) {
      cleanUp(launch, process);
      throw e;
    }
  }

  /**
   * Deletes what conmon leaves outside the bundle and the persist directory once the container
   * is gone: the attach link in the socket directory.
   */
  public static void removeLeftovers(ContainerLaunch launch) {
    try {
      Files.deleteIfExists(launch.socketDir().resolve(launch.id()));
    } catch (IOException e) {
      throw new InternalException("cannot remove the attach link of container " + launch.id() + ": " + e.getMessage(), e);
    }
  }

  /** conmon's command line for {@code launch}. */
  List<String> arguments(ContainerLaunch launch) {
    List<String> args = new ArrayList<>(List.of(binary.toString(),
        "--api-version", "1",
        "--cid", launch.id(),
        "--cuuid", launch.id(),
        "--runtime", launch.runtime().binary().toString(),
        "--bundle", launch.bundle().toString(),
        "--container-pidfile", launch.pidFile().toString(),
        "--conmon-pidfile", launch.conmonPidFile().toString(),
        "--log-path", "k8s-file:" + launch.logPath(),
        "--exit-dir", launch.exitDir().toString(),
        "--persist-dir", launch.persistDir().toString(),
        "--socket-dir-path", launch.socketDir().toString()));
    if (launch.logSizeMax() > 0) {
      args.addAll(List.of("--log-size-max", Long.toString(launch.logSizeMax())));
    }
    if (launch.stdin()) {
      args.add("--stdin");
      if (!launch.stdinOnce()) {
        args.add("--leave-stdin-open");
      }
    }
    if (launch.terminal()) {
      args.add("--terminal");
    }
    if (launch.runtime().systemdCgroup()) {
      args.add("--systemd-cgroup");
    }
    for (String runtimeArg : launch.runtime().globalArgs()) {
      args.add("--runtime-arg");
      args.add(runtimeArg);
    }
    return args;
  }

  private static void prepare(ContainerLaunch launch) {
    if (!Files.isRegularFile(launch.bundle().resolve("config.json"))) {
      throw new FailedPreconditionException("container " + launch.id() + ": no config.json in bundle " + launch.bundle());
    }
    try {
      for (Path dir : List.of(launch.exitDir(), launch.persistDir(), launch.socketDir(), launch.logPath().getParent(),
          launch.pidFile().getParent(), launch.conmonPidFile().getParent())) {
        Files.createDirectories(dir);
      }
      // A link left by an earlier attempt with the same ID would make conmon's symlink() fail,
      // and an old PID file would name a process that is not this attempt's conmon.
      Files.deleteIfExists(launch.socketDir().resolve(launch.id()));
      Files.deleteIfExists(launch.conmonPidFile());
    } catch (IOException e) {
      throw new InternalException("cannot prepare conmon's directories for container " + launch.id() + ": "
          + e.getMessage(), e);
    }
  }

  /** conmon waits on the start pipe, so nothing it starts can escape the cgroup. */
  private void joinCgroup(Process process, ContainerLaunch launch) {
    try {
      cgroups.join(process.pid(), launch.conmonCgroup());
    } catch (IOException e) {
      // Killed before the start pipe closes: a closed start pipe would let conmon go on.
      killAndWait(process);
      throw new InternalException("cannot move conmon into cgroup " + launch.conmonCgroup() + ": " + e.getMessage(), e);
    }
  }

  /** What the first conmon process said and how it ended, for a conmon that never reported. */
  static String exitComplaint(Process process, Drain stderr) {
    String code;
    try {
      code = process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS) ? "exit status " + process.exitValue()
          : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = "interrupted";
    }
    String said;
    try {
      said = new String(stderr.finish(Duration.ofMillis(200)), StandardCharsets.UTF_8).strip();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      said = "";
    }
    return said.isEmpty() ? code : code + ": " + said;
  }

  /** The detached conmon's PID, which the first conmon process writes just before it exits. */
  private static long conmonPid(Process process, ContainerLaunch launch) throws InterruptedException {
    process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    return readPid(launch.conmonPidFile()).orElseThrow(() -> new InternalException(
        "conmon created container " + launch.id() + " but wrote no PID to " + launch.conmonPidFile()));
  }

  /**
   * After a failed or abandoned creation: no conmon, no runtime container, no attach link. conmon
   * exits by itself once it has reported a failure; one that lingers is killed.
   */
  private void cleanUp(ContainerLaunch launch, Process process) {
    process.destroyForcibly();
    Optional<Long> detached = readPid(launch.conmonPidFile());
    try {
      if (detached.isPresent() && !Procs.awaitExit(detached.get(), EXIT_GRACE)) {
        Procs.killIfNamed(detached.get(), "conmon");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      detached.ifPresent(pid -> Procs.killIfNamed(pid, "conmon"));
    }
    try {
      new OciRuntime(launch.runtime(), runner).delete(launch.id(), true);
    } catch (RuntimeException e) {
      log.warn("cannot delete the remains of container {}: {}", launch.id(), e.getMessage());
    }
    try {
      removeLeftovers(launch);
      Files.deleteIfExists(launch.conmonPidFile());
    } catch (IOException | RuntimeException e) {
      log.warn("cannot remove conmon's files of container {}: {}", launch.id(), e.getMessage());
    }
  }

  private static void killAndWait(Process process) {
    try {
      process.destroyForcibly().waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A private directory for the FIFOs, in the persist directory so it shares its lifetime. */
  private static Path pipesDirectory(ContainerLaunch launch) {
    try {
      return Files.createTempDirectory(launch.persistDir(), ".conmon-pipes-");
    } catch (IOException e) {
      throw new InternalException("cannot make conmon's pipes for container " + launch.id() + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      log.warn("cannot remove {}: {}", dir, e.getMessage());
    }
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}

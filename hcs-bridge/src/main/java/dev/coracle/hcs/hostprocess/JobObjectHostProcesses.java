package dev.coracle.hcs.hostprocess;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.coracle.core.error.AlreadyExistsException;
import dev.coracle.core.error.DeadlineExceededException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.lifecycle.CleanupStack;
import dev.coracle.core.monitor.ExecResult;
import dev.coracle.hcs.backend.HostProcesses;
import dev.coracle.hcs.document.JobLimits;
import dev.coracle.hcs.document.MountInput;
import dev.coracle.hcs.document.ProcessInput;
import dev.coracle.hcs.document.WindowsResourcesInput;
import dev.coracle.hcs.document.WindowsStats;
import dev.coracle.hcs.nativeapi.JobApi;
import dev.coracle.hcs.storage.LayerStorage;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HostProcess containers as host processes in a job object (WINDOWS.md §6), as hcsshim's
 * {@code jobcontainers} runs them for containerd 1.6:
 *
 * <ul>
 *   <li>{@link #prepare}: the job {@code JobContainer_<id>} with kill-on-close and the limits
 *       of {@link JobLimits#from} (§8); a scratch layer over the image's layers, its volume
 *       mounted at {@code <mountRoot>\<id>\} ({@code C:\hpc\<id>\} by default), the rootfs
 *       location; each mount a symbolic link under it (read-only is not enforced; named pipes
 *       are refused).
 *   <li>{@link #start}: the entrypoint with {@code CONTAINER_SANDBOX_MOUNT_POINT} set and
 *       expanded in its command line, working directory (default: the rootfs) and environment,
 *       the rootfs appended to {@code PATH} ({@link LaunchSpec}); created suspended in a process
 *       group of its own, put in the job, resumed. A thread per container waits for it; when it
 *       exits, the rest of the job is ended too (the container is its entrypoint) and {@code
 *       onExit} hears the code once. Its output goes to the container's log.
 *   <li>Users ({@code run_as_username}): {@code NT AUTHORITY\SYSTEM}, {@code
 *       NT AUTHORITY\LocalService} and {@code NT AUTHORITY\NetworkService} through a service
 *       logon; none means the daemon's own account. Any other name, a local group included
 *       (hcsshim makes a temporary user for one), fails with {@link InvalidArgumentException}
 *       naming the supported accounts.
 *   <li>{@link #stop}: {@code CTRL_BREAK_EVENT} to the entrypoint's process group, then {@code
 *       TerminateJobObject} after the timeout (at once when the event cannot be sent: the
 *       daemon shares no console with it).
 *   <li>{@link #exec}: another process in the same job, with the entrypoint's environment,
 *       directory and account; stdout and stderr kept up to 16 MiB each; past the timeout it is
 *       terminated and {@link DeadlineExceededException} thrown.
 *   <li>{@link #stats}: job accounting (user + kernel time, active processes) and the job's
 *       committed memory; the working set is not read (0).
 *   <li>{@link #update}: the limits set again. {@link #remove}: terminate, close the job, links,
 *       volume mount point, scratch layer; idempotent, and it also takes apart what a previous
 *       daemon left on disk for the ID.
 * </ul>
 *
 * Every handle is closed on every path. Thread-safe.
 */
public final class JobObjectHostProcesses implements HostProcesses {

  private static final Logger log = LoggerFactory.getLogger(JobObjectHostProcesses.class);
  static final int OUTPUT_CAP = 16 * 1024 * 1024;
  /** Exit code of what {@link #stop} and {@link #remove} terminate. */
  static final int TERMINATED = 1;
  private static final Duration EXIT_GRACE = Duration.ofSeconds(10);

  /**
   * Where things go.
   *
   * @param scratchRoot the daemon's directory for scratch layers, {@code <scratchRoot>\<id>\scratch}
   * @param mountRoot where rootfs volumes are mounted, {@code C:\hpc} on Windows
   * @param environment the base of every process's environment
   */
  public record Settings(Path scratchRoot, Path mountRoot, Map<String, String> environment) {

    public Settings {
      Objects.requireNonNull(scratchRoot, "scratchRoot");
      Objects.requireNonNull(mountRoot, "mountRoot");
      environment = Map.copyOf(environment);
    }

    /** {@code C:\hpc} and the daemon's own environment. */
    public static Settings defaults(Path scratchRoot) {
      return new Settings(scratchRoot, Path.of("C:\\hpc"), System.getenv());
    }
  }

  private final JobApi api;
  private final JobApi.Logon logon;
  private final Settings settings;
  private final RootfsMount rootfs;
  private final ProcessLauncher launcher;
  private final Clock clock;
  private final Map<String, HostContainer> containers = new ConcurrentHashMap<>();

  /** On Windows: loads kernel32 and advapi32, mounts at {@code C:\hpc}, the daemon's environment. */
  public static JobObjectHostProcesses load(LayerStorage storage, Path scratchRoot) {
    return new JobObjectHostProcesses(JobApi.load(), JobApi.Logon.load(), storage, Settings.defaults(scratchRoot));
  }

  public JobObjectHostProcesses(JobApi api, JobApi.Logon logon, LayerStorage storage, Settings settings) {
    this(api, logon, storage, settings, Clock.systemUTC());
  }

  JobObjectHostProcesses(JobApi api, JobApi.Logon logon, LayerStorage storage, Settings settings, Clock clock) {
    this.api = Objects.requireNonNull(api, "api");
    this.logon = Objects.requireNonNull(logon, "logon");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.rootfs = new RootfsMount(api, Objects.requireNonNull(storage, "storage"), settings.scratchRoot(),
        settings.mountRoot());
    this.launcher = new ProcessLauncher(api, logon);
    this.clock = clock;
  }

  @Override
  public String prepare(String containerId, List<Path> layers, List<MountInput> mounts,
      WindowsResourcesInput resources, int hostCpus) {
    requireId(containerId);
    JobLimits limits = JobLimits.from(resources, hostCpus);
    List<MountLink> links = MountLink.of(mounts);
    if (containers.containsKey(containerId)) {
      throw new AlreadyExistsException("HostProcess container " + containerId + " is already prepared");
    }
    try (CleanupStack undo = new CleanupStack("HostProcess container " + containerId)) {
      JobObject job = JobObject.create(api, "JobContainer_" + containerId);
      undo.push("close the job object", job::close);
      job.limit(limits, false);
      RootfsMount.Rootfs made = rootfs.mount(containerId, layers, links, undo);
      if (containers.putIfAbsent(containerId, new HostContainer(containerId, job, made)) != null) {
        throw new AlreadyExistsException("HostProcess container " + containerId + " is already prepared");
      }
      undo.commit();
      return made.location();
    }
  }

  /**
   * {@inheritDoc} {@code rootfsLocation} is what {@link #prepare} returned; the one recorded
   * here is used. The entrypoint gets no console: {@code tty} and {@code stdin} are ignored,
   * its stdin is at its end from the start; its output goes to the streams given.
   */
  @Override
  public int start(String containerId, ProcessInput entrypoint, String rootfsLocation, OutputStream stdout,
      OutputStream stderr, IntConsumer onExit) {
    HostContainer c = require(containerId);
    Optional<ServiceAccount> account = ServiceAccount.parse(entrypoint.user());
    if (!c.claimStart()) {
      throw new FailedPreconditionException("HostProcess container " + containerId + " was already started");
    }
    LaunchSpec spec = LaunchSpec.of(entrypoint, c.rootfs().location(), settings.environment());
    ProcessLauncher.Launched init = launch(c, account, spec);
    List<CompletableFuture<byte[]>> readers = List.of(
        PipeReader.copy(api, init.stdout(), stdout, "coracle-hpc-out-" + HostContainer.shortId(containerId)),
        PipeReader.copy(api, init.stderr(), stderr, "coracle-hpc-err-" + HostContainer.shortId(containerId)));
    c.onExit(Objects.requireNonNull(onExit, "onExit"));
    Thread watcher = Thread.ofPlatform().daemon(true).name("coracle-hpc-exit-" + HostContainer.shortId(containerId))
        .unstarted(() -> watch(c, init.process()));
    c.started(new HostContainer.Started(init.pid(), spec, account, watcher, readers));
    watcher.start();
    return init.pid();
  }

  @Override
  public void stop(String containerId, Duration timeout) {
    HostContainer c = containers.get(containerId);
    if (c == null || c.started().isEmpty() || c.hasExited()) {
      return;
    }
    int pid = c.started().get().pid();
    if (timeout.isPositive()) {
      if (api.GenerateConsoleCtrlEvent(JobApi.CTRL_BREAK_EVENT, pid)) {
        if (c.awaitExit(timeout)) {
          return;
        }
      } else {
        log.warn("container {}: CTRL_BREAK not delivered (error {}); terminating", containerId, api.lastError());
      }
    }
    c.terminate(TERMINATED);
    if (!c.awaitExit(EXIT_GRACE)) {
      log.warn("container {}: its entrypoint did not report an exit after the job was terminated", containerId);
    }
  }

  @Override
  public ExecResult exec(String containerId, List<String> command, Duration timeout) {
    HostContainer c = require(containerId);
    HostContainer.Started started = c.started().filter(s -> !c.hasExited()).orElseThrow(
        () -> new FailedPreconditionException("HostProcess container " + containerId + " is not running"));
    if (command == null || command.isEmpty()) {
      throw new InvalidArgumentException("exec needs a command");
    }
    LaunchSpec spec = started.spec().withCommand(command, c.rootfs().location());
    ProcessLauncher.Launched p = launch(c, started.account(), spec);
    String name = HostContainer.shortId(containerId) + "-" + p.pid();
    CompletableFuture<byte[]> out = PipeReader.read(api, p.stdout(), OUTPUT_CAP, "coracle-hpc-exec-out-" + name);
    CompletableFuture<byte[]> err = PipeReader.read(api, p.stderr(), OUTPUT_CAP, "coracle-hpc-exec-err-" + name);
    try {
      int waited = api.WaitForSingleObject(p.process(), millis(timeout));
      if (waited == JobApi.WAIT_TIMEOUT) {
        api.TerminateProcess(p.process(), TERMINATED);
        api.WaitForSingleObject(p.process(), (int) EXIT_GRACE.toMillis());
        await(List.of(out, err));
        throw new DeadlineExceededException("command in HostProcess container " + containerId + " timed out after "
            + timeout.toMillis() + " ms");
      }
      if (waited != JobApi.WAIT_OBJECT_0) {
        throw Win32.failure(api, "WaitForSingleObject");
      }
      return new ExecResult(exitCode(p.process()), out.join(), err.join(), false);
    } finally {
      Win32.close(api, p.process());
    }
  }

  @Override
  public void update(String containerId, WindowsResourcesInput resources, int hostCpus) {
    JobLimits limits = JobLimits.from(resources, hostCpus);
    require(containerId).withJob(job -> {
      job.limit(limits, true);
      return null;
    });
  }

  @Override
  public WindowsStats stats(String containerId) {
    HostContainer c = require(containerId);
    return c.withJob(job -> {
      JobObject.Accounting accounting = job.accounting();
      long commit = job.committedBytes();
      Instant now = clock.instant();
      return new WindowsStats(now.getEpochSecond() * 1_000_000_000L + now.getNano(), accounting.cpuTime100ns() * 100,
          0, commit, accounting.activeProcesses());
    });
  }

  @Override
  public void remove(String containerId) {
    requireId(containerId);
    HostContainer c = containers.remove(containerId);
    if (c == null) {
      rootfs.unmountLeftovers(containerId);
      return;
    }
    try {
      if (c.started().isPresent() && !c.hasExited()) {
        c.terminate(TERMINATED);
      }
      c.started().ifPresent(s -> {
        join(s.watcher());
        await(s.readers());
      });
    } finally {
      c.closeJob();
      rootfs.unmount(c.rootfs());
    }
  }

  private ProcessLauncher.Launched launch(HostContainer c, Optional<ServiceAccount> account, LaunchSpec spec) {
    Pointer token = account.map(a -> a.logon(logon, api)).orElse(null);
    try {
      return c.withJob(job -> launcher.launch(job, token, spec));
    } finally {
      Win32.close(api, token);
    }
  }

  /** The watcher: waits for the entrypoint, ends what else runs in the job, reports the code once. */
  private void watch(HostContainer c, Pointer process) {
    int code;
    try {
      code = api.WaitForSingleObject(process, JobApi.INFINITE) == JobApi.WAIT_OBJECT_0 ? exitCode(process) : 255;
    } catch (RuntimeException e) {
      log.warn("container {}: cannot read its entrypoint's exit: {}", c.id(), e.toString());
      code = 255;
    } finally {
      Win32.close(api, process);
    }
    try {
      c.terminate(code);
    } catch (RuntimeException e) {
      log.debug("container {}: ending the rest of its job: {}", c.id(), e.toString());
    }
    c.exited(code);
  }

  private int exitCode(Pointer process) {
    IntByReference code = new IntByReference();
    Win32.check(api, api.GetExitCodeProcess(process, code), "GetExitCodeProcess");
    return code.getValue();
  }

  private HostContainer require(String containerId) {
    requireId(containerId);
    HostContainer c = containers.get(containerId);
    if (c == null) {
      throw new NotFoundException("HostProcess container " + containerId + " not found");
    }
    return c;
  }

  private static void requireId(String containerId) {
    if (containerId == null || containerId.isBlank() || !containerId.matches("[A-Za-z0-9_.-]+")) {
      throw new InvalidArgumentException("HostProcess container ID \"" + containerId + "\" is not a plain name");
    }
  }

  /** A CRI timeout as a wait: 0 means none; never {@code INFINITE} by accident. */
  private static int millis(Duration timeout) {
    if (timeout == null || !timeout.isPositive()) {
      return JobApi.INFINITE;
    }
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  /** Output readers end once every writer is gone; a grandchild holding a pipe could delay that. */
  private static void await(List<CompletableFuture<byte[]>> readers) {
    for (CompletableFuture<byte[]> reader : readers) {
      try {
        reader.get(EXIT_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        log.warn("an output pipe of a HostProcess container did not end: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void join(Thread thread) {
    try {
      if (!thread.join(EXIT_GRACE)) {
        log.warn("{} did not end after the job was terminated", thread.getName());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

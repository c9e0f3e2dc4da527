package dev.coracle.core.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.cgroups.CgroupManager;
import dev.coracle.core.error.CoracleException;
import dev.coracle.core.error.DeadlineExceededException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.lifecycle.CleanupStack;
import dev.coracle.core.lifecycle.NameReservations;
import dev.coracle.core.lifecycle.RuntimeIds;
import dev.coracle.core.monitor.Conmon;
import dev.coracle.core.monitor.ContainerExit;
import dev.coracle.core.monitor.ContainerLaunch;
import dev.coracle.core.monitor.CreatedContainer;
import dev.coracle.core.monitor.ExecRequest;
import dev.coracle.core.monitor.ExecResult;
import dev.coracle.core.monitor.ExecSync;
import dev.coracle.core.monitor.ExitWatcher;
import dev.coracle.core.oci.runtime.ContainerStatus;
import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import dev.coracle.core.oci.runtime.ProcessRunner;
import dev.coracle.core.oci.spec.Spec;
import dev.coracle.core.oci.spec.SpecWriter;
import dev.coracle.core.oci.user.ResolvedUser;
import dev.coracle.core.oci.user.UserResolver;
import dev.coracle.core.snapshot.OverlaySnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, starts, stops and removes containers on Linux: an overlay root file system over the
 * image's layers, an OCI bundle built from the image and the request, the OCI runtime under
 * conmon's watch, and a durable record per container. Exits arrive as conmon's exit files; a
 * restarted daemon finds every container with its true state, exits that happened while it was
 * away included, and touches no running one.
 */
public final class ContainerManager implements AutoCloseable {

  /**
   * The parts the manager is built from.
   *
   * @param stateDir volatile state: records, bundles, conmon's files and exit files
   * @param runtimes the OCI runtime of a runtime handler, by name
   * @param cgroupRoot where the cgroup hierarchies are mounted, for the OOM counters
   * @param logSizeMax the size beyond which conmon truncates a container's log; 0 for no limit
   */
  public record Parts(Path stateDir, PodLookup pods, ImageSource images, OverlaySnapshots snapshots,
      ContainerSpecBuilder specs, Function<String, OciRuntimeSettings> runtimes, Conmon conmon, ExecSync exec,
      CgroupManager cgroups, ProcessRunner runner, Path cgroupRoot, long logSizeMax) {}

  private static final Logger log = LoggerFactory.getLogger(ContainerManager.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a container may take to be reported gone after SIGKILL. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  private static final int SIGKILL = 9;

  private final Parts parts;
  private final ContainerStore store;
  private final Path exitDir;
  private final Path socketDir;
  private final NameReservations names = new NameReservations("container");
  private final Map<String, CompletableFuture<Void>> exitSignals = new ConcurrentHashMap<>();
  private ExitWatcher watcher;

  private ContainerManager(Parts parts) {
    this.parts = parts;
    this.store = new ContainerStore(parts.stateDir().resolve("containers"));
    this.exitDir = parts.stateDir().resolve("exits");
    this.socketDir = parts.stateDir().resolve("sockets");
  }

  /** Recovers every container a previous daemon left, then watches for exits. */
  public static ContainerManager open(Parts parts) {
    ContainerManager manager = new ContainerManager(parts);
    try {
      manager.recover();
    } catch (IOException e) {
      throw new InternalException("cannot recover the containers in " + parts.stateDir() + ": " + e.getMessage(), e);
    }
    return manager;
  }

  /** Creates a container in a ready pod and returns its ID; a failure leaves nothing behind. */
  public String create(String podIdOrPrefix, ContainerConfig config) {
    validate(config);
    PodContext pod = parts.pods().context(podIdOrPrefix);
    String sandboxId = pod.sandboxId();
    ImageSource.ResolvedImage image = parts.images().resolve(config.image());
    String id = RuntimeIds.random();
    String name = reservedName(sandboxId, config);
    names.reserve(name, id);
    try (CleanupStack undo = new CleanupStack("container " + id)) {
      undo.push("release the name", () -> names.release(name, id));
      Path dir = Files.createDirectories(store.dir(id));
      undo.push("delete the container's files", () -> store.delete(id));
      Path rootfs = parts.snapshots().prepare(id, image.layers());
      undo.push("remove the root file system", () -> parts.snapshots().remove(id));
      Map<String, Path> volumes = imageVolumes(id, config, undo);
      ResolvedUser user = resolveUser(rootfs, image, config.security());
      HostPaths.ensureBindSources(config.mounts());
      Path logPath = LogPaths.of(pod, config, dir);
      Spec spec = parts.specs().build(id, config, image.run(), user, pod, rootfs, prepared(config, volumes));
      SpecWriter.write(Files.createDirectories(bundle(id)), spec);
      String handler = parts.pods().runtimeHandler(sandboxId);
      OciRuntimeSettings runtime = parts.runtimes().apply(handler);
      ContainerLaunch launch = launch(id, runtime, logPath, config, pod.cgroupParent() + "/conmon");
      CreatedContainer created = parts.conmon().create(launch);
      undo.push("delete the runtime's container", () -> deleteFromRuntime(id, runtime, launch));
      store.add(new ContainerRecord(id, sandboxId, config, image.id(), image.ref(), image.name(), handler,
          spec.linux().cgroupsPath(), logPath.toString(), rootfs.toString(), user,
          ContainerSpecBuilder.stopSignal(config, image.run()), nowNanos(),
          ContainerRecord.Status.created(created.pid(), config.resources())));
      undo.commit();
      log.debug("created container {} ({}) in pod {}", id, config.name(), sandboxId);
      return id;
    } catch (IOException e) {
      throw new InternalException("cannot create container " + config.name() + ": " + e.getMessage(), e);
    }
  }

  /** Runs a created container's process. A failed start leaves the container EXITED with reason StartError. */
  public void start(String idOrPrefix) {
    ContainerRecord record = store.require(idOrPrefix);
    if (record.state() != ContainerState.CREATED) {
      throw new FailedPreconditionException("container " + record.id() + " is " + record.state()
          + ", only a CREATED container can be started");
    }
    long startedAt = nowNanos();
    try {
      runtime(record).start(record.id());
    } catch (CoracleException e) {
      store.update(record.id(), s -> s.state() == ContainerState.EXITED ? s
          : s.exited(nowNanos(), 128, "StartError", e.getMessage()));
      throw e;
    }
    store.update(record.id(), s -> switch (s.state()) {
      case CREATED -> s.started(startedAt);
      case EXITED -> s.startedAtNanos() == 0 ? s.withStartedAt(startedAt) : s; // it exited before we noted the start
      default -> s;
    });
  }

  /**
   * Asks the container to stop with its stop signal, and kills it when it has not exited within
   * {@code timeout} (at once for zero). Stopping an exited container succeeds.
   */
  public void stop(String idOrPrefix, Duration timeout) {
    ContainerRecord record = store.require(idOrPrefix);
    if (record.state() == ContainerState.EXITED) {
      return;
    }
    CompletableFuture<Void> exited = exitSignal(record.id());
    OciRuntime runtime = runtime(record);
    if (!timeout.isZero() && record.state() == ContainerState.RUNNING) {
      signal(runtime, record.id(), ContainerSpecBuilder.signalNumber(record.stopSignal()), false);
      if (await(exited, timeout)) {
        return;
      }
      log.info("container {} did not stop within {} s of {}; killing it", record.id(), timeout.toSeconds(),
          record.stopSignal());
    }
    signal(runtime, record.id(), SIGKILL, true);
    if (!await(exited, KILL_WAIT) && isGone(runtime, record.id())) {
      // conmon is gone too (it was killed by hand): no exit code will ever be written.
      store.update(record.id(), s -> s.state() == ContainerState.EXITED ? s
          : s.exited(nowNanos(), 137, "Error", "killed; its monitor recorded no exit code"));
    } else if (store.get(record.id()).map(r -> r.state() != ContainerState.EXITED).orElse(false)) {
      throw new UnavailableException("container " + record.id() + " did not exit within "
          + KILL_WAIT.toSeconds() + " s of SIGKILL");
    }
  }

  /** Kills a running container and removes everything it holds; removing a missing container succeeds. */
  public void remove(String idOrPrefix) {
    Optional<ContainerRecord> found = store.resolve(idOrPrefix).flatMap(store::get);
    if (found.isEmpty()) {
      return;
    }
    ContainerRecord record = found.get();
    if (record.state() != ContainerState.EXITED) {
      stop(record.id(), Duration.ZERO);
    }
    OciRuntimeSettings runtime = parts.runtimes().apply(record.runtimeHandler());
    deleteFromRuntime(record.id(), runtime,
        launch(record.id(), runtime, Path.of(record.logPath()), record.config(), ""));
    for (MountKey key : volumeKeys(record.id(), record.config())) {
      parts.snapshots().remove(key.key());
    }
    parts.snapshots().remove(record.id());
    try {
      Files.deleteIfExists(exitDir.resolve(record.id()));
    } catch (IOException e) {
      throw new InternalException("cannot remove the exit file of container " + record.id() + ": "
          + e.getMessage(), e);
    }
    store.delete(record.id());
    names.release(reservedName(record.sandboxId(), record.config()), record.id());
    exitSignals.remove(record.id());
  }

  public ContainerRecord status(String idOrPrefix) {
    return store.require(idOrPrefix);
  }

  public Collection<ContainerRecord> list() {
    return store.all();
  }

  /** The containers of one pod. */
  public List<ContainerRecord> ofPod(String sandboxId) {
    return store.all().stream().filter(r -> r.sandboxId().equals(sandboxId)).toList();
  }

  /** Kills every container of the pod (StopPodSandbox: they must be forcibly terminated). */
  public void stopAll(String sandboxId) {
    ofPod(sandboxId).forEach(r -> stop(r.id(), Duration.ZERO));
  }

  public void removeAll(String sandboxId) {
    ofPod(sandboxId).forEach(r -> remove(r.id()));
  }

  /** True when a container was made from the image: it may not be removed then. */
  public boolean usesImage(String imageId) {
    return store.all().stream().anyMatch(r -> r.imageId().equals(imageId));
  }

  /** Runs a command in a running container and waits for it, killing it at the timeout (zero: none). */
  public ExecResult execSync(String idOrPrefix, List<String> command, Duration timeout) {
    ContainerRecord record = requireRunning(idOrPrefix, "run a command in");
    JsonNode process;
    try {
      process = JSON.readTree(bundle(record.id()).resolve("config.json").toFile()).path("process");
    } catch (IOException e) {
      throw new InternalException("cannot read the bundle of container " + record.id() + ": " + e.getMessage(), e);
    }
    OciRuntimeSettings runtime = parts.runtimes().apply(record.runtimeHandler());
    ExecResult result = parts.exec().run(ExecRequest.of(record.id(), runtime, process, command, timeout));
    if (result.timedOut()) {
      throw new DeadlineExceededException("command " + command + " in container " + record.id()
          + " timed out after " + timeout.toSeconds() + " s and was killed");
    }
    return result;
  }

  /** Applies new limits to the container's cgroup; fields left null keep their value. */
  public void updateResources(String idOrPrefix, CgroupLimits limits) {
    ContainerRecord record = store.require(idOrPrefix);
    if (record.state() == ContainerState.EXITED) {
      throw new FailedPreconditionException("container " + record.id() + " has exited: its resources cannot change");
    }
    parts.cgroups().apply(record.cgroup(), limits);
    store.update(record.id(), s -> s.withResources(Limits.merge(s.resources(), limits)));
  }

  /** Makes conmon reopen the container's log file (kubelet renames it when it rotates). */
  public void reopenLog(String idOrPrefix) {
    ContainerRecord record = requireRunning(idOrPrefix, "reopen the log of");
    ConmonControl.reopenLog(bundle(record.id()), record.id());
  }

  @Override
  public void close() {
    try {
      if (watcher != null) {
        watcher.close();
      }
    } catch (IOException e) {
      log.warn("cannot stop watching exits: {}", e.getMessage());
    }
  }

  private ContainerRecord requireRunning(String idOrPrefix, String what) {
    ContainerRecord record = store.require(idOrPrefix);
    if (record.state() != ContainerState.RUNNING) {
      throw new FailedPreconditionException("cannot " + what + " container " + record.id() + ": it is "
          + record.state() + ", not RUNNING");
    }
    return record;
  }

  private static void validate(ContainerConfig config) {
    if (config.name().isEmpty()) {
      throw new InvalidArgumentException("container metadata.name is empty");
    }
    if (config.image().isBlank()) {
      throw new InvalidArgumentException("container " + config.name() + ": image is empty");
    }
  }

  private static String reservedName(String sandboxId, ContainerConfig config) {
    return config.name() + "_" + sandboxId + "_" + config.attempt();
  }

  private ResolvedUser resolveUser(Path rootfs, ImageSource.ResolvedImage image, ContainerSecurity security) {
    return UserResolver.resolve(rootfs, image.run().user(), security.runAsUser(), security.runAsUsername(),
        security.runAsGroup(), security.supplementalGroups(), security.supplementalGroupsPolicy());
  }

  /** Mounts each image volume read-only and returns where each lands on the host, by container path. */
  private Map<String, Path> imageVolumes(String id, ContainerConfig config, CleanupStack undo) {
    Map<String, Path> volumes = new LinkedHashMap<>();
    for (MountKey key : volumeKeys(id, config)) {
      ImageSource.ResolvedImage image = parts.images().resolve(key.mount().image());
      Path mounted = parts.snapshots().prepareReadOnly(key.key(), image.layers());
      undo.push("remove image volume " + key.mount().containerPath(), () -> parts.snapshots().remove(key.key()));
      volumes.put(key.mount().containerPath(), HostPaths.subPath(mounted, key.mount().imageSubPath()));
    }
    return volumes;
  }

  /** What the spec needs from the host beyond the pod: device nodes and a target container's PID. */
  private ContainerSpecBuilder.Prepared prepared(ContainerConfig config, Map<String, Path> volumes) throws IOException {
    boolean privileged = config.security().privileged();
    return new ContainerSpecBuilder.Prepared(volumes, HostDevices.requested(config.devices()),
        privileged ? HostDevices.all(Path.of("/dev")) : List.of(), targetPid(config.security().namespaces()));
  }

  /** The PID whose namespace a TARGET pid mode joins: the target container's, which must be running. */
  private Long targetPid(ContainerSecurity.NamespaceModes namespaces) {
    if (namespaces.pid() != ContainerSecurity.NamespaceModes.Mode.TARGET) {
      return null;
    }
    ContainerRecord target = store.require(namespaces.targetId());
    return target.state() == ContainerState.RUNNING ? target.status().pid() : null;
  }

  /** An image volume and the snapshot key it is mounted under: a digest of the container and the path. */
  private record MountKey(String key, ContainerConfig.MountRequest mount) {}

  private static List<MountKey> volumeKeys(String id, ContainerConfig config) {
    return config.mounts().stream().filter(ContainerConfig.MountRequest::isImage)
        .map(m -> new MountKey(HostPaths.digestHex(id + "\0" + m.containerPath()), m)).toList();
  }

  private ContainerLaunch launch(String id, OciRuntimeSettings runtime, Path logPath, ContainerConfig config,
      String podCgroup) {
    Path dir = store.dir(id);
    return new ContainerLaunch(id, bundle(id), runtime, logPath, exitDir, dir.resolve("persist"), socketDir,
        dir.resolve("persist").resolve("pid"), dir.resolve("persist").resolve("conmon.pid"), parts.logSizeMax(),
        config.stdin(), config.stdinOnce(), config.tty(), podCgroup);
  }

  private void deleteFromRuntime(String id, OciRuntimeSettings runtime, ContainerLaunch launch) {
    new OciRuntime(runtime, parts.runner()).delete(id, true);
    Conmon.removeLeftovers(launch);
  }

  private Path bundle(String id) {
    return store.dir(id).resolve("bundle");
  }

  private OciRuntime runtime(ContainerRecord record) {
    return new OciRuntime(parts.runtimes().apply(record.runtimeHandler()), parts.runner());
  }

  /** Sends a signal; a container that exited meanwhile is not an error. */
  private void signal(OciRuntime runtime, String id, int signal, boolean all) {
    try {
      runtime.kill(id, signal, all);
    } catch (CoracleException e) {
      if (!isGone(runtime, id)) {
        throw e;
      }
    }
  }

  private static boolean isGone(OciRuntime runtime, String id) {
    return runtime.state(id).map(s -> s.status() == ContainerStatus.STOPPED).orElse(true);
  }

  private CompletableFuture<Void> exitSignal(String id) {
    CompletableFuture<Void> signal = exitSignals.computeIfAbsent(id, k -> new CompletableFuture<>());
    if (store.get(id).map(r -> r.state() == ContainerState.EXITED).orElse(true)) {
      signal.complete(null);
    }
    return signal;
  }

  private static boolean await(CompletableFuture<Void> exited, Duration timeout) {
    try {
      exited.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new InternalException("waiting for an exit failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while waiting for a container to exit");
    }
  }

  /** conmon recorded an exit: the container is EXITED, with OOMKilled when the kernel killed it. */
  private void onExit(ContainerExit exit) {
    Optional<ContainerRecord> record = store.get(exit.containerId());
    if (record.isEmpty()) {
      return;
    }
    String reason = OomEvidence.killed(store.dir(exit.containerId()).resolve("persist"), parts.cgroupRoot(),
        record.get().cgroup()) ? "OOMKilled" : exit.exitCode() == 0 ? "Completed" : "Error";
    store.update(exit.containerId(), s -> s.state() == ContainerState.EXITED ? s
        : s.exited(nanosOf(exit.exitTime()), exit.exitCode(), reason, ""));
    exitSignals.computeIfAbsent(exit.containerId(), k -> new CompletableFuture<>()).complete(null);
    log.debug("container {} exited with {} ({})", exit.containerId(), exit.exitCode(), reason);
  }

  private void recover() throws IOException {
    List<ContainerRecord> found = store.load();
    for (ContainerRecord record : found) {
      names.reserve(reservedName(record.sandboxId(), record.config()), record.id());
      if (record.state() != ContainerState.EXITED && ExitWatcher.read(exitDir, record.id()).isEmpty()
          && isGone(runtime(record), record.id())) {
        store.update(record.id(), s -> s.exited(nowNanos(), 255, "Unknown",
            "the container's process was lost while the daemon was away, and no exit code was recorded"));
      }
    }
    watcher = ExitWatcher.start(exitDir, this::onExit);
    watcher.scan().forEach(this::onExit);
    Set<String> keep = new HashSet<>();
    for (ContainerRecord record : found) {
      keep.add(record.id());
      volumeKeys(record.id(), record.config()).forEach(k -> keep.add(k.key()));
    }
    parts.snapshots().removeAllExcept(keep);
    log.info("recovered {} containers", found.size());
  }


  private static long nowNanos() {
    return nanosOf(Instant.now());
  }

  private static long nanosOf(Instant time) {
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }
}

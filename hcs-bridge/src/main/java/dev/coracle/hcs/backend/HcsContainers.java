package dev.coracle.hcs.backend;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.container.ContainerConfig.MountRequest;
import dev.coracle.core.container.ContainerConfig;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.container.ContainerState;
import dev.coracle.core.container.WindowsContainerOptions;
import dev.coracle.core.container.WindowsResources;
import dev.coracle.core.error.DeadlineExceededException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.lifecycle.CleanupStack;
import dev.coracle.core.lifecycle.IdPrefixes;
import dev.coracle.core.lifecycle.NameReservations;
import dev.coracle.core.lifecycle.RuntimeIds;
import dev.coracle.core.monitor.ExecResult;
import dev.coracle.hcs.compute.Hcs;
import dev.coracle.hcs.compute.HcsException;
import dev.coracle.hcs.compute.HcsProcess;
import dev.coracle.hcs.compute.HcsSystem;
import dev.coracle.hcs.document.ContainerDocuments;
import dev.coracle.hcs.document.ContainerInput;
import dev.coracle.hcs.document.CredentialGuardDocuments;
import dev.coracle.hcs.document.Isolation;
import dev.coracle.hcs.document.LayerRef;
import dev.coracle.hcs.document.MountInput;
import dev.coracle.hcs.document.ProcessDocuments;
import dev.coracle.hcs.document.ProcessInput;
import dev.coracle.hcs.document.StatsReader;
import dev.coracle.hcs.document.WindowsResourcesInput;
import dev.coracle.hcs.document.WindowsStats;
import dev.coracle.hcs.osversion.BuildCompatibility;
import dev.coracle.hcs.osversion.HostVersion;
import dev.coracle.hcs.osversion.IsolationKind;
import dev.coracle.hcs.osversion.OsVersion;
import dev.coracle.hcs.schema.ContainerCredentialGuard;
import dev.coracle.hcs.schema.HcsJson;
import dev.coracle.hcs.schema.ModifySettingRequest;
import dev.coracle.hcs.schema.ProcessStatus;
import dev.coracle.hcs.storage.LayerStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windows containers: each a compute system of its own (WINDOWS.md §2a), hosted in the pod's
 * utility VM under Hyper-V (§2b), over the image's layers and a scratch layer of its own (§3).
 * Its entrypoint is an HCS process whose pipes the daemon copies into the CRI log; its exit
 * arrives as a ProcessExited event.
 */
final class HcsContainers {

  private static final Logger log = LoggerFactory.getLogger(HcsContainers.class);
  private static final int EXEC_OUTPUT_LIMIT = 16 * 1024 * 1024;
  private static final Duration NO_TIMEOUT = Duration.ofDays(365);
  private static final Duration EXIT_GRACE = Duration.ofSeconds(10);
  /** How long an exited container's log pumps may take to copy what its pipes still hold. */
  private static final Duration LOG_DRAIN = Duration.ofSeconds(2);

  /** What the container lifecycle runs on. */
  record Parts(Path root, Hcs hcs, LayerStorage storage, WindowsImages images, WindowsHandlers handlers,
      HostVersion host, int hostCpus, HostProcesses hostProcesses) {}

  /** A started container's live parts; gone once it exited. A HostProcess container has no HCS process. */
  private record Running(HcsProcess init, CriLogWriter log, CountDownLatch exited) {}

  private final Parts parts;
  private final HcsSandboxes pods;
  private final RecordFiles<HcsContainer> records;
  private final NameReservations names = new NameReservations("container");
  private final Map<String, HcsContainer> containers = new ConcurrentHashMap<>();
  private final Map<String, HcsSystem> systems = new ConcurrentHashMap<>();
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Map<String, WindowsStats> lastSample = new ConcurrentHashMap<>();

  HcsContainers(Parts parts, HcsSandboxes pods) {
    this.parts = parts;
    this.pods = pods;
    this.records = new RecordFiles<>(parts.root().resolve("records"), HcsContainer.class);
  }

  /**
   * Takes in the containers a previous daemon left. A running one whose compute system is gone
   * exited while no daemon watched; one still running gets its exit watched again (its output
   * pipes died with the old daemon, so its log ends there).
   */
  void recover() {
    for (HcsContainer c : records.load()) {
      containers.put(c.id(), c);
      names.reserve(uniqueName(c.container().sandboxId(), c.container().config()), c.id());
      if (c.isolation() == Isolation.HOST_PROCESS || c.container().state() == ContainerState.EXITED) {
        continue;
      }
      try {
        HcsSystem system = parts.hcs().open(c.id());
        systems.put(c.id(), system);
        if (c.container().state() == ContainerState.RUNNING) {
          HcsProcess init = system.openProcess((int) c.container().status().pid());
          watch(c.id(), init, null);
        }
      } catch (HcsException e) {
        log.warn("container {}: gone while the daemon was away ({})", c.id(), e.result());
        exited(c.id(), 255, "Error", "the container's compute system was gone when the daemon started");
      }
    }
  }

  String create(String podIdOrPrefix, ContainerConfig config) {
    String podId = IdPrefixes.resolve("pod sandbox ID", pods.list().stream().map(HcsPod::id).toList(), podIdOrPrefix)
        .orElseThrow(() -> new NotFoundException("pod sandbox " + podIdOrPrefix + " not found"));
    HcsPod pod = pods.ready(podId);
    checkHostProcess(pod, config);
    WindowsImages.Image image = parts.images().resolve(config.image());
    checkBuild(pod, image);
    String id = RuntimeIds.random();
    String name = uniqueName(podId, config);
    names.reserve(name, id);
    Path dir = parts.root().resolve(id);
    try (CleanupStack undo = new CleanupStack("container " + id)) {
      undo.push("release the name", () -> names.release(name, id));
      Dirs.create(dir);
      undo.push("remove the container's directory", () -> Dirs.deleteTree(dir));
      HcsContainer made = pod.isolation() == Isolation.HOST_PROCESS
          ? createHostProcess(id, pod, config, image, dir, undo)
          : createInHcs(id, pod, config, image, dir, undo);
      save(made);
      undo.commit();
      return id;
    }
  }

  void start(String idOrPrefix) {
    HcsContainer c = get(idOrPrefix);
    if (c.container().state() != ContainerState.CREATED) {
      throw new FailedPreconditionException("container " + c.id() + " is " + c.container().state().name().toLowerCase()
          + ", not created");
    }
    WindowsImages.Image image = parts.images().resolve(c.container().imageId());
    ContainerConfig config = c.container().config();
    ProcessInput input = ContainerProcesses.entrypoint(image, config.command(), config.args(), config.env(),
        config.workingDir(), user(c), config.tty(), false);
    if (c.isolation() == Isolation.HOST_PROCESS) {
      // An image's user names an account inside a container; a host process runs as the pod asks, or as the runtime.
      input = new ProcessInput(input.args(), input.argsEscaped(), input.workingDir(), user(c), input.env(), false,
          false, 0, 0);
    }
    try {
      if (c.isolation() == Isolation.HOST_PROCESS) {
        // The exit may come at once, on another thread: it waits for this lock, so it lands after RUNNING.
        synchronized (this) {
          CriLogWriter writer = logWriter(c);
          OutputStream out = hostOutput(writer, "stdout", c.id());
          OutputStream err = hostOutput(writer, "stderr", c.id());
          running.put(c.id(), new Running(null, writer, new CountDownLatch(1)));
          int pid = parts.hostProcesses().start(c.id(), input, c.rootPath(), out, err,
              exitCode -> exited(c.id(), exitCode));
          save(c.withContainer(c.container().withStatus(c.container().status().withPid(pid).started(now()))));
        }
        return;
      }
      HcsSystem system = system(c);
      system.start();
      HcsProcess init = system.createProcess(HcsJson.write(ProcessDocuments.process(input)));
      save(c.withContainer(c.container().withStatus(c.container().status().withPid(init.pid()).started(now()))));
      watch(c.id(), init, logWriter(c));
    } catch (RuntimeException e) {
      exited(c.id(), 128, "StartError", e.getMessage());
      throw e;
    }
  }

  /** Asks the entrypoint to stop (CtrlShutdown for SIGTERM), and terminates it after the timeout. */
  void stop(String idOrPrefix, Duration timeout) {
    HcsContainer c = find(idOrPrefix).orElse(null);
    if (c == null || c.container().state() == ContainerState.EXITED) {
      return;
    }
    if (c.container().state() == ContainerState.CREATED) {
      system(c.id()).ifPresent(HcsSandboxes::terminate);
      systems.remove(c.id());
      exited(c.id(), 0, "Completed", "stopped before it started");
      return;
    }
    if (c.isolation() == Isolation.HOST_PROCESS) {
      parts.hostProcesses().stop(c.id(), timeout);
      return;
    }
    Running r = running.get(c.id());
    if (r == null) {
      system(c.id()).ifPresent(HcsSandboxes::terminate);
      exited(c.id(), 137, "Error", "terminated with no process handle to ask");
      return;
    }
    String signal = c.container().stopSignal().isEmpty() ? "SIGTERM" : c.container().stopSignal();
    Optional<String> graceful = ProcessDocuments.signal(signal).map(HcsJson::write);
    if (graceful.isPresent() && !timeout.isZero()) {
      // servercore blocks the signal call until the process is gone (WINDOWS.md §2c): not on this thread.
      Thread.ofVirtual().name("coracle-signal-" + c.id()).start(() -> signalQuietly(r.init(), graceful.get()));
      if (await(r.exited(), timeout)) {
        return;
      }
    }
    r.init().terminate();
    if (!await(r.exited(), EXIT_GRACE)) {
      system(c.id()).ifPresent(HcsSandboxes::terminate);
      exited(c.id(), 137, "Error", "terminated: the process did not report its exit");
    }
  }

  void remove(String idOrPrefix) {
    HcsContainer c = find(idOrPrefix).orElse(null);
    if (c == null) {
      return;
    }
    if (c.container().state() == ContainerState.RUNNING) {
      stop(c.id(), Duration.ZERO);
    }
    HcsSystem system = systems.remove(c.id());
    if (system != null) {
      HcsSandboxes.terminate(system);
    }
    if (c.isolation() == Isolation.HOST_PROCESS) {
      parts.hostProcesses().remove(c.id());
    }
    if (c.isolation() != Isolation.HYPERV && !c.scratchDir().isEmpty()) {
      parts.storage().unmountScratch(Path.of(c.scratchDir()));
    }
    if (c.isolation() == Isolation.HYPERV) {
      detachFromUtilityVm(c);
    }
    if (!c.scratchDir().isEmpty()) {
      parts.storage().destroyLayer(Path.of(c.scratchDir()));
    }
    if (c.credentialGuard()) {
      parts.hcs().modifyServiceSettings(HcsJson.write(CredentialGuardDocuments.removeInstance(c.id())));
    }
    Dirs.deleteTree(parts.root().resolve(c.id()));
    records.delete(c.id());
    containers.remove(c.id());
    lastSample.remove(c.id());
    names.release(uniqueName(c.container().sandboxId(), c.container().config()), c.id());
  }

  ExecResult execSync(String idOrPrefix, List<String> command, Duration timeout) {
    HcsContainer c = requireRunning(idOrPrefix);
    if (c.isolation() == Isolation.HOST_PROCESS) {
      return parts.hostProcesses().exec(c.id(), command, timeout);
    }
    ProcessInput input = new ProcessInput(command, false, "", user(c), List.of(), false, false, 0, 0);
    try (HcsProcess process = system(c.id()).orElseThrow(() -> notRunning(c)).createProcess(
        HcsJson.write(ProcessDocuments.process(input)))) {
      CompletableFuture<byte[]> out = drain(process.stdout());
      CompletableFuture<byte[]> err = drain(process.stderr());
      Optional<String> status = process.waitForExit(timeout.isZero() ? NO_TIMEOUT : timeout);
      if (status.isEmpty()) {
        process.terminate();
        throw new DeadlineExceededException("command in container " + c.id() + " timed out after "
            + timeout.toSeconds() + " s");
      }
      int code = (int) HcsJson.read(status.get(), ProcessStatus.class).exitCode();
      return new ExecResult(code, out.join(), err.join(), false);
    }
  }

  /** New limits through modify requests (WINDOWS.md §2e): memory, then the one CPU field. */
  void update(String idOrPrefix, WindowsResources resources) {
    HcsContainer c = requireRunning(idOrPrefix);
    if (c.isolation() == Isolation.HOST_PROCESS) {
      parts.hostProcesses().update(c.id(), input(resources), parts.hostCpus());
      recordLimits(c, resources);
      return;
    }
    HcsSystem system = system(c.id()).orElseThrow(() -> notRunning(c));
    List<ModifySettingRequest> requests = new ArrayList<>();
    if (resources.memoryLimitBytes() != null) {
      requests.add(ContainerDocuments.containerMemory(resources.memoryLimitBytes()));
    }
    ContainerDocuments.containerProcessor(input(resources), parts.hostCpus()).ifPresent(requests::add);
    for (ModifySettingRequest request : requests) {
      system.modify(HcsJson.write(request));
    }
    recordLimits(c, resources);
  }

  /** The limits now in force, as ContainerStatus reports them: the update's fields over the old ones. */
  private synchronized void recordLimits(HcsContainer c, WindowsResources update) {
    HcsContainer now = containers.getOrDefault(c.id(), c);
    ContainerConfig config = now.container().config();
    WindowsResources old = config.windows().resources();
    WindowsResources merged = new WindowsResources(
        update.cpuShares() != null ? update.cpuShares() : old.cpuShares(),
        update.cpuCount() != null ? update.cpuCount() : old.cpuCount(),
        update.cpuMaximum() != null ? update.cpuMaximum() : old.cpuMaximum(),
        update.memoryLimitBytes() != null ? update.memoryLimitBytes() : old.memoryLimitBytes(),
        old.rootfsSizeBytes(), update.affinity().isEmpty() ? old.affinity() : update.affinity());
    WindowsContainerOptions w = config.windows();
    ContainerConfig next = config.withWindows(new WindowsContainerOptions(merged, w.runAsUsername(), w.credentialSpec(),
        w.hostProcess()));
    ContainerRecord r = now.container();
    save(now.withContainer(new ContainerRecord(r.id(), r.sandboxId(), next, r.imageId(), r.imageRef(), r.imageName(),
        r.runtimeHandler(), r.cgroup(), r.logPath(), r.rootfs(), r.user(), r.stopSignal(), r.createdAtNanos(),
        r.status())));
  }

  void reopenLog(String idOrPrefix) {
    HcsContainer c = requireRunning(idOrPrefix);
    Running r = running.get(c.id());
    if (r == null || r.log() == null) {
      throw new FailedPreconditionException("container " + c.id() + " has no log this daemon writes");
    }
    try {
      r.log().reopen();
    } catch (IOException e) {
      throw new InternalException("cannot reopen the log of container " + c.id() + ": " + e.getMessage(), e);
    }
  }

  /** One sample from HCS statistics (WINDOWS.md §9), with the rate against the previous one. */
  WindowsStats sample(String idOrPrefix) {
    HcsContainer c = requireRunning(idOrPrefix);
    if (c.isolation() == Isolation.HOST_PROCESS) {
      return parts.hostProcesses().stats(c.id());
    }
    return StatsReader.read(system(c.id()).orElseThrow(() -> notRunning(c))
        .properties(HcsJson.write(StatsReader.query())));
  }

  /** The rate of CPU use since the previous sample of the same container; null for the first. */
  Long nanoCores(String id, WindowsStats now) {
    WindowsStats previous = lastSample.put(id, now);
    return previous == null ? null : StatsReader.usageNanoCores(previous, now);
  }

  HcsContainer get(String idOrPrefix) {
    return find(idOrPrefix).orElseThrow(() -> new NotFoundException("container " + idOrPrefix + " not found"));
  }

  Optional<HcsContainer> find(String idOrPrefix) {
    if (idOrPrefix.isEmpty()) {
      throw new InvalidArgumentException("container_id is empty");
    }
    return IdPrefixes.resolve("container ID", List.copyOf(containers.keySet()), idOrPrefix).map(containers::get);
  }

  Collection<HcsContainer> list() {
    return List.copyOf(containers.values());
  }

  List<HcsContainer> ofPod(String podId) {
    return containers.values().stream().filter(c -> c.container().sandboxId().equals(podId)).toList();
  }

  boolean usesImage(String imageId) {
    return containers.values().stream().anyMatch(c -> c.container().imageId().equals(imageId));
  }

  void close() {
    running.values().forEach(r -> {
      if (r.init() != null) {
        r.init().close();
      }
      if (r.log() != null) {
        r.log().close();
      }
    });
    running.clear();
    systems.values().forEach(HcsSystem::close);
    systems.clear();
  }

  private HcsContainer createInHcs(String id, HcsPod pod, ContainerConfig config, WindowsImages.Image image, Path dir,
      CleanupStack undo) {
    Path scratch = dir.resolve("scratch");
    parts.storage().createScratch(scratch, image.layers());
    undo.push("destroy the scratch layer", () -> parts.storage().destroyLayer(scratch));
    Long rootfsSize = config.windows().resources().rootfsSizeBytes();
    if (rootfsSize != null) {
      parts.storage().expandScratch(scratch, rootfsSize);
    }
    ContainerCredentialGuard guard = credentialGuard(id, pod, config, undo);
    List<MountInput> mounts = mounts(config);
    String rootPath;
    int lun = 0;
    String doc;
    if (pod.isolation() == Isolation.PROCESS) {
      rootPath = parts.storage().mountScratch(scratch, image.layers());
      undo.push("unmount the scratch layer", () -> parts.storage().unmountScratch(scratch));
      doc = HcsJson.write(ContainerDocuments.processContainer(input(id, pod, config, Layers.refs(parts.storage(),
          image.layers()), rootPath, mounts, guard)));
    } else {
      HcsSystem vm = pods.system(pod.id()).orElseThrow(() -> new FailedPreconditionException(
          "pod sandbox " + pod.id() + " has no running utility VM"));
      lun = nextLun(pod.id());
      UtilityVmGuest guest = new UtilityVmGuest(parts.hcs(), vm, id);
      List<LayerRef> layers = guest.shareLayers(Layers.refs(parts.storage(), image.layers()), undo);
      List<MountInput> guestMounts = guest.shareMounts(mounts, undo);
      rootPath = guest.attachScratch(scratch.resolve("sandbox.vhdx").toString(), lun, undo);
      guest.combine(rootPath, layers, undo);
      doc = HcsJson.write(ContainerDocuments.hostedContainer(vm.id(),
          input(id, pod, config, layers, rootPath, guestMounts, guard), parts.hostCpus()));
    }
    HcsSystem system = parts.hcs().create(id, doc);
    undo.push("terminate the compute system", () -> HcsSandboxes.terminate(system));
    systems.put(id, system);
    undo.push("forget the compute system", () -> systems.remove(id));
    return new HcsContainer(record(id, pod, config, image, rootPath), pod.isolation(), scratch.toString(), rootPath,
        guard != null, lun);
  }

  /** A removed hosted container's shares and disk leave its pod's VM, if the VM still runs. */
  private void detachFromUtilityVm(HcsContainer c) {
    Optional<HcsSystem> vm = pods.system(c.container().sandboxId());
    if (vm.isEmpty()) {
      return;
    }
    WindowsImages.Image image = parts.images().resolve(c.container().imageId());
    new UtilityVmGuest(parts.hcs(), vm.get(), c.id()).detach(Layers.refs(parts.storage(), image.layers()),
        mounts(c.container().config()), c.scsiLun());
  }

  private HcsContainer createHostProcess(String id, HcsPod pod, ContainerConfig config, WindowsImages.Image image,
      Path dir, CleanupStack undo) {
    String root = parts.hostProcesses().prepare(id, image.layers(), mounts(config), input(config.windows().resources()),
        parts.hostCpus());
    undo.push("remove the HostProcess job's files", () -> parts.hostProcesses().remove(id));
    return new HcsContainer(record(id, pod, config, image, root), Isolation.HOST_PROCESS, "", root, false, 0);
  }

  private ContainerCredentialGuard credentialGuard(String id, HcsPod pod, ContainerConfig config, CleanupStack undo) {
    String spec = config.windows().credentialSpec();
    if (spec.isEmpty()) {
      return null;
    }
    parts.hcs().modifyServiceSettings(HcsJson.write(CredentialGuardDocuments.addInstance(id, spec, pod.isolation())));
    undo.push("remove the gMSA instance", () -> parts.hcs().modifyServiceSettings(
        HcsJson.write(CredentialGuardDocuments.removeInstance(id))));
    return CredentialGuardDocuments.find(parts.hcs().serviceProperties(HcsJson.write(CredentialGuardDocuments.query())),
        id);
  }

  private ContainerInput input(String id, HcsPod pod, ContainerConfig config, List<LayerRef> layers, String rootPath,
      List<MountInput> mounts, ContainerCredentialGuard guard) {
    String hostname = pod.sandbox().config().hostname().isEmpty() ? pod.sandbox().config().name()
        : pod.sandbox().config().hostname();
    return new ContainerInput(id, hostname, layers, rootPath, mounts, pod.namespaceId(),
        input(config.windows().resources()), parts.hostCpus(), guard);
  }

  private static WindowsResourcesInput input(WindowsResources r) {
    return new WindowsResourcesInput(r.cpuShares(), r.cpuCount(), r.cpuMaximum(), r.memoryLimitBytes());
  }

  private static List<MountInput> mounts(ContainerConfig config) {
    List<MountInput> mounts = new ArrayList<>();
    for (MountRequest m : config.mounts()) {
      if (m.isImage()) {
        throw new InvalidArgumentException("mount " + m.containerPath() + ": image volumes are not supported on Windows");
      }
      mounts.add(new MountInput(m.hostPath(), m.containerPath(), m.readonly()));
    }
    return mounts;
  }

  private ContainerRecord record(String id, HcsPod pod, ContainerConfig config, WindowsImages.Image image,
      String rootPath) {
    String logDir = pod.sandbox().config().logDirectory();
    String logPath = config.logPath().isEmpty() || logDir.isEmpty() ? "" : Path.of(logDir, config.logPath()).toString();
    return new ContainerRecord(id, pod.id(), config, image.id(), image.ref(), image.name(),
        pod.sandbox().runtimeHandler(), "", logPath, rootPath, null, config.stopSignal(), now(),
        ContainerRecord.Status.created(0, CgroupLimits.NONE));
  }

  /** A pod's containers are all HostProcess or none (containerd refuses a mix; WINDOWS.md §6). */
  private static void checkHostProcess(HcsPod pod, ContainerConfig config) {
    boolean podIsHost = pod.isolation() == Isolation.HOST_PROCESS;
    if (config.windows().hostProcess() != podIsHost) {
      throw new InvalidArgumentException("container " + config.name() + ": host_process is "
          + config.windows().hostProcess() + " but its pod's is " + podIsHost + "; they must be equal");
    }
  }

  /** The host/image build rule at create (WINDOWS.md §5); HostProcess needs none (§6). */
  private void checkBuild(HcsPod pod, WindowsImages.Image image) {
    if (pod.isolation() == Isolation.HOST_PROCESS || image.osVersion().isEmpty()) {
      return;
    }
    IsolationKind kind = pod.isolation() == Isolation.HYPERV ? IsolationKind.HYPERV : IsolationKind.PROCESS;
    BuildCompatibility.Verdict verdict = BuildCompatibility.check(parts.host().get(), OsVersion.parse(image.osVersion()),
        kind, parts.handlers().hyperVHandler());
    if (!verdict.allowed()) {
      throw new FailedPreconditionException("image " + image.name() + ": " + verdict.message());
    }
  }

  private void watch(String id, HcsProcess init, CriLogWriter writer) {
    CountDownLatch exited = new CountDownLatch(1);
    running.put(id, new Running(init, writer, exited));
    if (writer != null) {
      init.stdout().ifPresent(out -> writer.pump(out, "stdout", id));
      init.stderr().ifPresent(err -> writer.pump(err, "stderr", id));
    } else {
      init.stdout().ifPresent(HcsContainers::discard);
      init.stderr().ifPresent(HcsContainers::discard);
    }
    init.onExit(statusJson -> {
      ProcessStatus status = HcsJson.read(statusJson, ProcessStatus.class);
      exited(id, (int) status.exitCode());
      exited.countDown();
    });
  }

  private void exited(String id, int code) {
    exited(id, code, code == 0 ? "Completed" : "Error", "");
  }

  private synchronized void exited(String id, int code, String reason, String message) {
    HcsContainer c = containers.get(id);
    if (c == null || c.container().state() == ContainerState.EXITED) {
      return;
    }
    long at = now();
    Running r = running.remove(id);
    if (r != null && r.log() != null) {
      // Before anyone sees EXITED, the log holds all the output: closing the process closes its
      // pipes, which would lose the lines the pumps have not copied yet.
      r.log().drain(LOG_DRAIN);
    }
    save(c.withContainer(c.container().withStatus(c.container().status().exited(at, code, reason,
        message == null ? "" : message))));
    if (r != null) {
      if (r.init() != null) {
        r.init().close();
      }
      if (r.log() != null) {
        r.log().close();
      }
    }
  }

  private CriLogWriter logWriter(HcsContainer c) {
    if (c.container().logPath().isEmpty()) {
      return null;
    }
    try {
      return new CriLogWriter(Path.of(c.container().logPath()));
    } catch (IOException e) {
      throw new InternalException("cannot open the log " + c.container().logPath() + ": " + e.getMessage(), e);
    }
  }

  private String user(HcsContainer c) {
    String own = c.container().config().windows().runAsUsername();
    if (!own.isEmpty()) {
      return own;
    }
    return pods.get(c.container().sandboxId()).map(p -> p.sandbox().config().windows().runAsUsername()).orElse("");
  }

  private int nextLun(String podId) {
    return ofPod(podId).stream().mapToInt(HcsContainer::scsiLun).max().orElse(0) + 1;
  }

  private HcsContainer requireRunning(String idOrPrefix) {
    HcsContainer c = get(idOrPrefix);
    if (c.container().state() != ContainerState.RUNNING) {
      throw notRunning(c);
    }
    return c;
  }

  private static FailedPreconditionException notRunning(HcsContainer c) {
    return new FailedPreconditionException("container " + c.id() + " is not running");
  }

  private Optional<HcsSystem> system(String id) {
    return Optional.ofNullable(systems.get(id));
  }

  private HcsSystem system(HcsContainer c) {
    return system(c.id()).orElseThrow(() -> new FailedPreconditionException("container " + c.id()
        + " has no compute system"));
  }

  private static void signalQuietly(HcsProcess process, String options) {
    try {
      process.signal(options);
    } catch (HcsException e) {
      // Already gone, or the signal was not delivered: the timeout's terminate follows.
      log.debug("signal not delivered: {}", e.result());
    }
  }

  private static boolean await(CountDownLatch latch, Duration timeout) {
    try {
      return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static CompletableFuture<byte[]> drain(Optional<InputStream> stream) {
    if (stream.isEmpty()) {
      return CompletableFuture.completedFuture(new byte[0]);
    }
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try (InputStream in = stream.get()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          out.write(buffer, 0, Math.min(n, Math.max(0, EXEC_OUTPUT_LIMIT - out.size())));
        }
      } catch (IOException e) {
        // The process is gone; what was read is the output.
      }
      result.complete(out.toByteArray());
    });
    return result;
  }

  /** Where a HostProcess container's stream goes: a pipe into its CRI log, or nowhere without a log. */
  private static OutputStream hostOutput(CriLogWriter writer, String stream, String id) {
    if (writer == null) {
      return OutputStream.nullOutputStream();
    }
    try {
      java.io.PipedInputStream in = new java.io.PipedInputStream(64 * 1024);
      java.io.PipedOutputStream out = new java.io.PipedOutputStream(in);
      writer.pump(in, stream, id);
      return out;
    } catch (IOException e) {
      throw new InternalException("cannot pipe the output of container " + id + ": " + e.getMessage(), e);
    }
  }

  private static void discard(InputStream in) {
    Thread.ofVirtual().start(() -> {
      try (in; OutputStream nowhere = OutputStream.nullOutputStream()) {
        in.transferTo(nowhere);
      } catch (IOException e) {
        // The process ended.
      }
    });
  }

  private static String uniqueName(String podId, ContainerConfig config) {
    return config.name() + "_" + podId + "_" + config.attempt();
  }

  private synchronized void save(HcsContainer c) {
    records.write(c.id(), c);
    containers.put(c.id(), c);
  }


  private static long now() {
    return System.currentTimeMillis() * 1_000_000L;
  }

}

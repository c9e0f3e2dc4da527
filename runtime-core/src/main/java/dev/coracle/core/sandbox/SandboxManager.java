package dev.coracle.core.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.cgroups.CgroupManager;
import dev.coracle.core.cgroups.SystemdSlices;
import dev.coracle.core.error.AlreadyExistsException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.lifecycle.CleanupStack;
import dev.coracle.core.lifecycle.NameReservations;
import dev.coracle.core.lifecycle.PodFiles;
import dev.coracle.core.lifecycle.RuntimeIds;
import dev.coracle.core.monitor.CreatedContainer;
import dev.coracle.core.namespace.NamespaceKind;
import dev.coracle.core.namespace.NamespacePinner;
import dev.coracle.core.namespace.PinnedNamespaces;
import dev.coracle.core.network.PodAttachment;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.core.oci.security.Sysctls;
import dev.coracle.core.sys.AtomicFiles;
import dev.coracle.core.sys.FileTrees;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs, stops and removes pod sandboxes on Linux: the pod's pinned namespaces, its shared
 * files and {@code /dev/shm}, its cgroup and its infra process (on the pod's runtime handler),
 * recorded under {@code <root>/<id>/sandbox.json} so that a restarted daemon finds every pod
 * as it was. A failure half-way through {@link #run} undoes every step that had been done.
 *
 * <p>Files of one pod, under {@code <root>/<id>/}: {@code sandbox.json}, {@code hosts},
 * {@code hostname}, {@code resolv.conf}, {@code shm/} (a tmpfs), {@code ns/} (the pins),
 * {@code infra/} (the infra bundle), {@code persist/} (conmon's files).
 */
public final class SandboxManager {

  private static final Logger log = LoggerFactory.getLogger(SandboxManager.class);
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  /** How long a monitor may take to exit once its infra process is deleted. */
  private static final Duration MONITOR_EXIT = Duration.ofSeconds(10);

  /** A run in progress, so that kubelet's retry of it waits for the same ID. */
  private record Attempt(SandboxConfig config, CompletableFuture<String> id) {}

  private final Path root;
  private final Path exitDir;
  private final Path socketDir;
  private final NamespacePinner pinner;
  private final PodNetwork network;
  private final CgroupManager cgroups;
  private final InfraProcesses infras;
  private final PodShm shm;
  private final NameReservations names = new NameReservations("pod sandbox");
  private final Map<String, SandboxRecord> sandboxes = new ConcurrentHashMap<>();
  private final Map<String, Attempt> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Object cgroupCreation = new Object();

  /**
   * @param root where the pods' directories go, with {@code exits/} (the infra processes' exit
   *     files) and {@code sockets/}
   * @param shmSizeBytes the size of each pod's {@code /dev/shm}
   */
  public SandboxManager(Path root, NamespacePinner pinner, PodNetwork network, CgroupManager cgroups,
      InfraProcesses infras, LinuxSyscalls sys, long shmSizeBytes) {
    this.root = root;
    this.network = network;
    this.exitDir = root.resolve("exits");
    this.socketDir = root.resolve("sockets");
    this.pinner = pinner;
    this.cgroups = cgroups;
    this.infras = infras;
    this.shm = new PodShm(sys, shmSizeBytes);
    recover();
  }

  /**
   * Runs a new sandbox and returns its ID. The same configuration asked for again while the
   * first run is in flight, or after it succeeded while the pod is ready, gets the same ID:
   * that is kubelet retrying a call it gave up waiting for.
   *
   * @throws AlreadyExistsException when another pod holds the name
   * @throws InvalidArgumentException for an unknown runtime handler, a sysctl the pod may not
   *     set, a bad hostname, DNS entry or cgroup parent; nothing is made then
   * @throws dev.coracle.core.error.FailedPreconditionException for a handler whose runtime
   *     cannot work on this host's cgroup layout; nothing is made then
   */
  public String run(SandboxConfig config) {
    Attempt mine = new Attempt(config, new CompletableFuture<>());
    Attempt other = inFlight.putIfAbsent(config.uniqueName(), mine);
    if (other != null) {
      if (!other.config().equals(config)) {
        throw new AlreadyExistsException("pod sandbox name \"" + config.uniqueName()
            + "\" is being run with a different configuration");
      }
      return await(other);
    }
    try {
      String id = readyWithSameConfig(config).orElseGet(() -> create(config));
      mine.id().complete(id);
      return id;
    } catch (RuntimeException e) {
      mine.id().completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(config.uniqueName(), mine);
    }
  }

  private static String await(Attempt attempt) {
    try {
      return attempt.id().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while waiting for pod sandbox " + attempt.config().uniqueName());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new InternalException("running pod sandbox " + attempt.config().uniqueName() + " failed", e.getCause());
    }
  }

  private Optional<String> readyWithSameConfig(SandboxConfig config) {
    return names.holder(config.uniqueName()).map(sandboxes::get)
        .filter(r -> r.state() == SandboxState.READY && r.config().equals(config))
        .map(SandboxRecord::id);
  }

  private String create(SandboxConfig config) {
    // Refused before anything is made: the pod's containers apply the sysctls later.
    Sysctls.validate(config.sysctls(), config.hostNetwork(), config.hostIpc());
    String handler = infras.resolveName(config.runtimeHandler());
    infras.checkUsable(handler);
    InfraProcess infra = infras.of(handler);
    String resolvConf = PodFiles.resolvConf(config.dns());
    String id = RuntimeIds.random();
    String cgroup = cgroupOf(config, id);
    names.reserve(config.uniqueName(), id);
    Path dir = root.resolve(id);
    try (CleanupStack undo = new CleanupStack("pod sandbox " + id)) {
      undo.push("release the name", () -> names.release(config.uniqueName(), id));
      Files.createDirectories(dir);
      undo.push("delete the sandbox dir", () -> FileTrees.delete(dir));
      PinnedNamespaces pins = pinner.pin(dir.resolve("ns"), pinnedKinds(config), hostnameOf(config));
      undo.push("unpin namespaces", () -> pinner.unpin(pins));
      List<String> ips = List.of();
      if (!config.hostNetwork()) {
        PodAttachment attachment = attachment(id, config, pins.path(NamespaceKind.NET).orElseThrow(), cgroup);
        undo.push("disconnect the pod's network", () -> network.detach(attachment));
        ips = network.attach(attachment);
      }
      writePodFiles(dir, config, resolvConf, ips);
      if (!config.hostIpc()) {
        undo.push("unmount /dev/shm", () -> shm.unmount(dir.resolve("shm")));
        shm.mount(dir.resolve("shm"));
      }
      undo.push("remove the pod cgroup", () -> cgroups.remove(cgroup));
      createCgroup(cgroup);
      if (!config.resources().equals(CgroupLimits.NONE)) {
        cgroups.apply(cgroup, config.resources());
      }
      undo.push("remove the infra process", () -> {
        infra.stop(id, Duration.ofSeconds(2));
        removeInfra(infra, id, cgroup);
      });
      CreatedContainer created = infra.start(id, infraPaths(id), pins, config.hostPid(), "/" + cgroup + "/infra",
          cgroup + "/conmon");
      SandboxRecord record = new SandboxRecord(id, config, epochNanos(), SandboxState.READY, cgroup, handler,
          created.pid(), !config.hostIpc(), ips);
      write(record);
      sandboxes.put(id, record);
      undo.commit();
      return id;
    } catch (IOException e) {
      throw new InternalException("cannot run pod sandbox " + config.uniqueName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * One at a time: on cgroup v1 a new cpuset level is usable only once its cpus and mems are
   * copied from its parent, and a pod created beside another under a parent that one is still
   * filling would copy empty values (and conmon's join then fails with ENOSPC).
   */
  private void createCgroup(String cgroup) {
    synchronized (cgroupCreation) {
      cgroups.create(cgroup);
    }
  }


  private static Set<NamespaceKind> pinnedKinds(SandboxConfig config) {
    Set<NamespaceKind> kinds = EnumSet.noneOf(NamespaceKind.class);
    if (!config.hostNetwork()) {
      kinds.add(NamespaceKind.NET);
      kinds.add(NamespaceKind.UTS); // a host-network pod also keeps the host's name
    }
    if (!config.hostIpc()) {
      kinds.add(NamespaceKind.IPC);
    }
    return kinds;
  }

  /** The hostname the pod gets: the one it asks for, else its name cut to a DNS label. */
  static String hostnameOf(SandboxConfig config) {
    if (!config.hostname().isEmpty()) {
      return config.hostname();
    }
    return config.name().length() > 63 ? config.name().substring(0, 63) : config.name();
  }

  /**
   * The pod's cgroup under kubelet's parent. A parent named as a systemd slice (kubelet's
   * systemd driver) is expanded to where that slice lives, so the pod lands inside kubelet's
   * QoS hierarchy either way.
   */
  private static String cgroupOf(SandboxConfig config, String id) {
    String parent = config.cgroupParent().isEmpty() ? "coracle" : config.cgroupParent();
    if (SystemdSlices.isSlice(parent)) {
      parent = SystemdSlices.path(parent);
    }
    if (parent.contains("..")) {
      throw new InvalidArgumentException("cgroup_parent \"" + parent + "\" may not climb out of the hierarchy");
    }
    return (parent.startsWith("/") ? parent.substring(1) : parent) + "/coracle-" + id.substring(0, 12);
  }

  private static PodAttachment attachment(String id, SandboxConfig config, Path netns, String cgroup) {
    return new PodAttachment(id, config.name(), config.namespace(), config.uid(), netns, config.portMappings(),
        config.annotations(), cgroup, config.dns());
  }

  private static void writePodFiles(Path dir, SandboxConfig config, String resolvConf, List<String> ips)
      throws IOException {
    Files.writeString(dir.resolve("hostname"), PodFiles.hostname(hostnameOf(config)));
    Files.writeString(dir.resolve("hosts"), PodFiles.hosts(hostnameOf(config), ips));
    if (config.dns().isEmpty()) {
      Path host = Path.of("/etc/resolv.conf");
      Files.writeString(dir.resolve("resolv.conf"), Files.exists(host) ? Files.readString(host) : "");
    } else {
      Files.writeString(dir.resolve("resolv.conf"), resolvConf, StandardCharsets.UTF_8);
    }
  }

  private InfraProcess.Paths infraPaths(String id) {
    Path dir = root.resolve(id);
    return new InfraProcess.Paths(dir.resolve("infra"), dir.resolve("infra.log"), exitDir, dir.resolve("persist"),
        socketDir);
  }

  /** Deletes the infra container and waits for its monitor to leave the pod cgroup, so the cgroup can go. */
  private void removeInfra(InfraProcess infra, String id, String cgroup) {
    infra.remove(id, infraPaths(id));
    String monitor = cgroup + "/conmon";
    long deadline = System.nanoTime() + MONITOR_EXIT.toNanos();
    while (!cgroups.pids(monitor).isEmpty() && System.nanoTime() < deadline) {
      sleep(10);
    }
  }

  /** Stops the infra process; stopping a stopped or missing sandbox succeeds. */
  public void stop(String id) {
    synchronized (lock(id)) {
      SandboxRecord record = sandboxes.get(id);
      if (record == null) {
        return;
      }
      infras.of(record.runtimeHandler()).stop(id, STOP_GRACE);
      disconnect(record);
      // No container can run in a stopped pod: its shared memory goes now, as the network did.
      shm.unmount(root.resolve(id).resolve("shm"));
      if (record.state() != SandboxState.NOTREADY) {
        update(record.withState(SandboxState.NOTREADY));
      }
    }
  }

  /** A stopped pod gives its addresses and host ports back; the namespace stays until removal. */
  private void disconnect(SandboxRecord record) {
    if (!record.config().hostNetwork()) {
      network.detach(attachment(record.id(), record.config(),
          root.resolve(record.id()).resolve("ns").resolve(NamespaceKind.NET.file()), record.cgroup()));
    }
  }

  /** Stops and removes everything the sandbox holds; removing a missing sandbox succeeds. */
  public void remove(String id) {
    synchronized (lock(id)) {
      SandboxRecord record = sandboxes.get(id);
      if (record == null) {
        return;
      }
      stop(id);
      removeInfra(infras.of(record.runtimeHandler()), id, record.cgroup());
      Path dir = root.resolve(id);
      Map<NamespaceKind, Path> pins = new EnumMap<>(NamespaceKind.class);
      for (NamespaceKind kind : NamespaceKind.values()) {
        Path pin = dir.resolve("ns").resolve(kind.file());
        if (Files.exists(pin)) {
          pins.put(kind, pin);
        }
      }
      pinner.unpin(new PinnedNamespaces(dir.resolve("ns"), pins));
      shm.unmount(dir.resolve("shm"));
      cgroups.remove(record.cgroup());
      try {
        Files.deleteIfExists(exitDir.resolve(id));
        FileTrees.delete(dir);
      } catch (IOException e) {
        throw new InternalException("cannot delete the files of pod sandbox " + id + ": " + e.getMessage(), e);
      }
      sandboxes.remove(id);
      names.release(record.config().uniqueName(), id);
    }
    locks.remove(id);
  }

  /**
   * Applies new pod-level limits to the pod's cgroup and records them.
   *
   * @throws NotFoundException when there is no such sandbox
   */
  public void update(String id, CgroupLimits resources) {
    synchronized (lock(id)) {
      SandboxRecord record = require(id);
      cgroups.apply(record.cgroup(), resources);
      update(record.withConfig(record.config().withResources(resources)));
    }
  }

  /**
   * Marks the sandbox NOTREADY because its infra process exited (the monitor's exit file says
   * so); a sandbox unknown or already not ready is left alone.
   */
  public void infraExited(String id) {
    synchronized (lock(id)) {
      SandboxRecord record = sandboxes.get(id);
      if (record != null && record.state() == SandboxState.READY) {
        log.info("the infra process of pod sandbox {} exited: the pod is not ready", id);
        update(record.withState(SandboxState.NOTREADY));
      }
    }
  }

  /** Where the infra processes' exit files go, named by sandbox ID, for an exit watcher. */
  public Path exitDir() {
    return exitDir;
  }

  public Optional<SandboxRecord> get(String id) {
    return Optional.ofNullable(sandboxes.get(id));
  }

  public Collection<SandboxRecord> list() {
    return List.copyOf(sandboxes.values());
  }

  /** The pinned namespace a container of this pod joins, when the pod has its own. */
  public Optional<Path> namespace(String id, NamespaceKind kind) {
    Path pin = root.resolve(id).resolve("ns").resolve(kind.file());
    return Files.exists(pin) ? Optional.of(pin) : Optional.empty();
  }

  /** The pod's {@code /etc/hosts}, for its containers to bind-mount. */
  public Path hostsFile(String id) {
    return root.resolve(id).resolve("hosts");
  }

  /** The pod's {@code /etc/hostname}. */
  public Path hostnameFile(String id) {
    return root.resolve(id).resolve("hostname");
  }

  /** The pod's {@code /etc/resolv.conf}. */
  public Path resolvConfFile(String id) {
    return root.resolve(id).resolve("resolv.conf");
  }

  /** The pod's own {@code /dev/shm} tmpfs; empty when the pod uses the host's IPC (and so its /dev/shm). */
  public Optional<Path> shmDir(String id) {
    return get(id).filter(SandboxRecord::ownShm).map(r -> root.resolve(id).resolve("shm"));
  }

  /**
   * The host PID of the running infra process, for containers joining the pod's PID namespace
   * through {@code /proc/PID/ns/pid}; empty when the sandbox is unknown or its infra is not running.
   */
  public Optional<Long> infraPid(String id) {
    return get(id).flatMap(r -> infras.of(r.runtimeHandler()).pid(id));
  }

  /** The infra process launcher (and so the runtime) of a sandbox's handler. */
  public InfraProcess infra(String id) {
    return infras.of(require(id).runtimeHandler());
  }

  /** The size of every pod's {@code /dev/shm}. */
  public long shmSizeBytes() {
    return shm.sizeBytes();
  }

  private SandboxRecord require(String id) {
    SandboxRecord record = sandboxes.get(id);
    if (record == null) {
      throw new NotFoundException("pod sandbox " + id + " not found");
    }
    return record;
  }

  private Object lock(String id) {
    return locks.computeIfAbsent(id, k -> new Object());
  }

  private void update(SandboxRecord record) {
    write(record);
    sandboxes.put(record.id(), record);
  }

  private void write(SandboxRecord record) {
    try {
      AtomicFiles.write(root.resolve(record.id()).resolve("sandbox.json"), JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      throw new InternalException("cannot record pod sandbox " + record.id() + ": " + e.getMessage(), e);
    }
  }

  /** Finds every sandbox a previous daemon left, with its true state; nothing is restarted. */
  private void recover() {
    try {
      Files.createDirectories(root);
      Files.createDirectories(exitDir);
      try (var dirs = Files.list(root)) {
        for (Path file : dirs.map(d -> d.resolve("sandbox.json")).filter(Files::isRegularFile).toList()) {
          SandboxRecord record = JSON.readValue(file.toFile(), SandboxRecord.class);
          if (record.runtimeHandler().isEmpty()) {
            record = record.withRuntimeHandler(infras.resolveName(""));
          }
          if (record.state() == SandboxState.READY && !infras.of(record.runtimeHandler()).isRunning(record.id())) {
            record = record.withState(SandboxState.NOTREADY);
            write(record);
          }
          sandboxes.put(record.id(), record);
          names.reserve(record.config().uniqueName(), record.id());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pod sandboxes in " + root, e);
    }
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InternalException("interrupted while removing an infra process");
    }
  }
}

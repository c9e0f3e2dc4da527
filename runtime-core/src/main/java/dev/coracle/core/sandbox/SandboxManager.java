package dev.coracle.core.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coracle.core.cgroups.CgroupManager;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.lifecycle.CleanupStack;
import dev.coracle.core.lifecycle.NameReservations;
import dev.coracle.core.lifecycle.PodFiles;
import dev.coracle.core.namespace.NamespaceKind;
import dev.coracle.core.namespace.NamespacePinner;
import dev.coracle.core.namespace.PinnedNamespaces;
import dev.coracle.core.oci.security.Sysctls;
import dev.coracle.core.sys.AtomicFiles;
import dev.coracle.core.sys.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs, stops and removes pod sandboxes on Linux: the pod's pinned namespaces, its shared
 * files, its cgroup and its infra process, recorded under {@code <root>/<id>/sandbox.json} so
 * that a restarted daemon finds every pod as it was. A failure half-way through {@link #run}
 * undoes every step that had been done.
 */
public final class SandboxManager {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Path root;
  private final Path exitDir;
  private final Path socketDir;
  private final NamespacePinner pinner;
  private final CgroupManager cgroups;
  private final InfraProcess infra;
  private final NameReservations names = new NameReservations("pod sandbox");
  private final Map<String, SandboxRecord> sandboxes = new ConcurrentHashMap<>();

  public SandboxManager(Path root, NamespacePinner pinner, CgroupManager cgroups, InfraProcess infra) {
    this.root = root;
    this.exitDir = root.resolve("exits");
    this.socketDir = root.resolve("sockets");
    this.pinner = pinner;
    this.cgroups = cgroups;
    this.infra = infra;
    recover();
  }

  /** Runs a new sandbox and returns its ID. */
  public String run(SandboxConfig config) {
    // Refused before anything is made: the pod's containers apply the sysctls later.
    Sysctls.validate(config.sysctls(), config.hostNetwork(), config.hostIpc());
    String resolvConf = PodFiles.resolvConf(config.dns());
    String id = HexFormat.of().formatHex(randomBytes());
    names.reserve(config.uniqueName(), id);
    Path dir = root.resolve(id);
    try (CleanupStack undo = new CleanupStack("pod sandbox " + id)) {
      undo.push("release the name", () -> names.release(config.uniqueName(), id));
      Files.createDirectories(dir);
      undo.push("delete the sandbox dir", () -> FileTrees.delete(dir));
      PinnedNamespaces pins = pinner.pin(dir.resolve("ns"), pinnedKinds(config), hostnameOf(config));
      undo.push("unpin namespaces", () -> pinner.unpin(pins));
      writePodFiles(dir, config, resolvConf);
      String cgroup = cgroupOf(config, id);
      cgroups.create(cgroup);
      undo.push("remove the pod cgroup", () -> cgroups.remove(cgroup));
      infra.start(id, infraPaths(id), pins, config.hostPid(), "/" + cgroup);
      undo.push("remove the infra process", () -> {
        infra.stop(id, Duration.ofSeconds(2));
        infra.remove(id, infraPaths(id));
      });
      SandboxRecord record = new SandboxRecord(id, config, epochNanos(), SandboxState.READY, cgroup);
      write(record);
      sandboxes.put(id, record);
      undo.commit();
      return id;
    } catch (IOException e) {
      throw new InternalException("cannot run pod sandbox " + config.uniqueName() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return bytes;
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

  private static String hostnameOf(SandboxConfig config) {
    if (!config.hostname().isEmpty()) {
      return config.hostname();
    }
    return config.name().length() > 63 ? config.name().substring(0, 63) : config.name();
  }

  private static String cgroupOf(SandboxConfig config, String id) {
    String parent = config.cgroupParent().isEmpty() ? "coracle" : config.cgroupParent();
    if (parent.contains("..")) {
      throw new InvalidArgumentException("cgroup_parent \"" + parent + "\" may not climb out of the hierarchy");
    }
    return (parent.startsWith("/") ? parent.substring(1) : parent) + "/coracle-" + id.substring(0, 12);
  }

  private static void writePodFiles(Path dir, SandboxConfig config, String resolvConf) throws IOException {
    Files.writeString(dir.resolve("hostname"), PodFiles.hostname(hostnameOf(config)));
    Files.writeString(dir.resolve("hosts"), PodFiles.hosts(hostnameOf(config), List.of()));
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

  /** Stops the infra process; stopping a stopped or missing sandbox succeeds. */
  public void stop(String id) {
    SandboxRecord record = sandboxes.get(id);
    if (record == null) {
      return;
    }
    infra.stop(id, STOP_GRACE);
    update(record.withState(SandboxState.NOTREADY));
  }

  /** Stops and removes everything the sandbox holds; removing a missing sandbox succeeds. */
  public void remove(String id) {
    SandboxRecord record = sandboxes.get(id);
    if (record == null) {
      return;
    }
    stop(id);
    infra.remove(id, infraPaths(id));
    Path dir = root.resolve(id);
    Map<NamespaceKind, Path> pins = new EnumMap<>(NamespaceKind.class);
    for (NamespaceKind kind : NamespaceKind.values()) {
      Path pin = dir.resolve("ns").resolve(kind.file());
      if (Files.exists(pin)) {
        pins.put(kind, pin);
      }
    }
    pinner.unpin(new PinnedNamespaces(dir.resolve("ns"), pins));
    cgroups.remove(record.cgroup());
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      throw new InternalException("cannot delete the files of pod sandbox " + id + ": " + e.getMessage(), e);
    }
    sandboxes.remove(id);
    names.release(record.config().uniqueName(), id);
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
      try (var dirs = Files.list(root)) {
        for (Path file : dirs.map(d -> d.resolve("sandbox.json")).filter(Files::isRegularFile).toList()) {
          SandboxRecord record = JSON.readValue(file.toFile(), SandboxRecord.class);
          if (record.state() == SandboxState.READY && !infra.isRunning(record.id())) {
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
}

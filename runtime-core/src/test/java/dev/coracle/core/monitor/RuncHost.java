package dev.coracle.core.monitor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.core.oci.runtime.ContainerState;
import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import dev.coracle.core.oci.runtime.SystemProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A real runc and conmon for integration tests: a busybox root file system, bundles with
 * hand-written configs, a private runc root, and a cleanup that removes every container,
 * conmon, cgroup and mount the test made, failing the test if any refuses to go.
 */
final class RuncHost implements AutoCloseable {

  static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  /** Every test container's cgroup lives under this parent, removed when empty. */
  static final String CGROUP_PARENT = "coracle-test";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> APPLETS = List.of("sh", "echo", "sleep", "cat", "id", "printf", "ls", "yes", "head",
      "true", "ps");

  final Path dir;
  final Path rootfs;
  final Path exitDir;
  final Path socketDir;
  final Path conmonBinary;
  final Path runcBinary;
  final OciRuntimeSettings settings;
  final SystemProcessRunner runner = new SystemProcessRunner();
  final OciRuntime runtime;
  final Conmon conmon;
  private final List<String> ids = new ArrayList<>();
  private final List<String> otherCgroups = new ArrayList<>();

  private RuncHost(Path dir, Path conmonBinary, Path runcBinary) throws IOException {
    this.dir = dir;
    this.rootfs = dir.resolve("rootfs");
    this.exitDir = dir.resolve("exits");
    this.socketDir = dir.resolve("sock");
    this.conmonBinary = conmonBinary;
    this.runcBinary = runcBinary;
    this.settings = OciRuntimeSettings.runc(runcBinary, dir.resolve("runc-root"));
    this.runtime = new OciRuntime(settings, runner);
    this.conmon = new Conmon(conmonBinary, runner, new CgroupfsConmonCgroup(CGROUP_ROOT), Duration.ofSeconds(30));
    buildRootfs();
  }

  /** Skips the test unless this is root with runc, conmon and a static busybox at hand. */
  static RuncHost open(Path dir) throws IOException {
    assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
        "runs containers: needs root");
    Optional<Path> conmon = program("conmon");
    Optional<Path> runc = program("runc");
    assumeTrue(conmon.isPresent() && runc.isPresent(), "needs runc and conmon (apt-get install runc conmon)");
    assumeTrue(Files.isExecutable(Path.of("/bin/busybox")) && Files.isExecutable(Path.of("/usr/bin/catatonit")),
        "needs a static busybox and catatonit (apt-get install busybox-static catatonit)");
    return new RuncHost(dir, conmon.get(), runc.get());
  }

  /** A program on the PATH or in the system directories. */
  static Optional<Path> program(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin:/usr/libexec/podman";
    return Stream.of(path.split(":")).filter(p -> !p.isEmpty()).map(p -> Path.of(p, name))
        .filter(Files::isExecutable).findFirst();
  }

  /** A fresh container ID, cleaned up with this host. */
  String newId(String what) {
    String id = "coracle-test-" + what + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    ids.add(id);
    return id;
  }

  /** A cgroup (relative to the hierarchies) this host removes at the end. */
  String newCgroup(String name) {
    String cgroup = CGROUP_PARENT + "/" + name;
    otherCgroups.add(cgroup);
    return cgroup;
  }

  /** A bundle whose config runs {@code args} in new namespaces, on the shared read-only root. */
  Path bundle(String id, String... args) throws IOException {
    Path bundle = dir.resolve("bundles").resolve(id);
    Files.createDirectories(bundle);
    Files.write(bundle.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config(id, args)));
    return bundle;
  }

  ContainerLaunch launch(String id, Path bundle) {
    return ContainerLaunch.of(id, bundle, settings, dir.resolve("logs").resolve(id + ".log"), exitDir,
        dir.resolve("persist").resolve(id), socketDir);
  }

  ContainerLaunch launch(String id, String... args) throws IOException {
    return launch(id, bundle(id, args));
  }

  /** Creates and starts a container running {@code args}. */
  CreatedContainer run(String id, String... args) throws IOException {
    CreatedContainer created = conmon.create(launch(id, args));
    runtime.start(id);
    return created;
  }

  /** The process's parent and session, from /proc/PID/stat. */
  static long[] parentAndSession(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[3])};
  }

  /** Live (not zombie) conmon processes whose command line mentions {@code marker}. */
  static List<Long> liveConmons(String marker) throws IOException {
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        try {
          String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
          if (Procs.name(pid).orElse("").equals("conmon") && cmdline.contains(marker) && Procs.isAlive(pid)) {
            found.add(pid);
          }
        } catch (IOException e) {
          // Gone meanwhile.
        }
      }
    }
    return found;
  }

  @Override
  public void close() throws Exception {
    List<String> leftovers = new ArrayList<>();
    // What a test leaves as the daemon would (stopped or running containers) is deleted here;
    // what then remains (a conmon that outlives its container, a cgroup, a mount) is a leak.
    for (ContainerState state : runtime.list()) {
      runtime.delete(state.id(), true);
    }
    for (long pid : liveConmons(dir.toString())) {
      if (!Procs.awaitExit(pid, Duration.ofSeconds(5))) {
        leftovers.add("conmon " + pid + " outlived its container");
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Procs.awaitExit(pid, Duration.ofSeconds(5));
      }
    }
    for (String id : ids) {
      removeCgroup(CGROUP_PARENT + "/" + id, leftovers);
    }
    for (String cgroup : otherCgroups) {
      removeCgroup(cgroup, leftovers);
    }
    removeParentIfEmpty();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      if (line.contains(" " + dir)) {
        leftovers.add("mount " + line);
      }
    }
    if (!leftovers.isEmpty()) {
      throw new AssertionError("the test left behind (now removed where possible): " + leftovers);
    }
  }

  private static void removeCgroup(String cgroup, List<String> leftovers) throws IOException {
    try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(CGROUP_ROOT)) {
      for (Path hierarchy : hierarchies) {
        Path dir = hierarchy.resolve(cgroup);
        if (Files.isDirectory(dir)) {
          try {
            Files.delete(dir);
          } catch (IOException e) {
            leftovers.add("cgroup " + dir + ": " + e);
          }
        }
      }
    }
  }

  /** Other test classes may be using the parent at the same time: only an empty one goes. */
  private static void removeParentIfEmpty() throws IOException {
    try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(CGROUP_ROOT)) {
      for (Path hierarchy : hierarchies) {
        try {
          Files.deleteIfExists(hierarchy.resolve(CGROUP_PARENT));
        } catch (IOException e) {
          // Still in use.
        }
      }
    }
  }

  private void buildRootfs() throws IOException {
    Path bin = rootfs.resolve("bin");
    Files.createDirectories(bin);
    for (String dir : List.of("proc", "dev", "sys", "tmp")) {
      Files.createDirectories(rootfs.resolve(dir));
    }
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
    Files.copy(Path.of("/usr/bin/catatonit"), bin.resolve("catatonit"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
  }

  private ObjectNode config(String id, String... args) {
    ObjectNode config = JSON.createObjectNode();
    config.put("ociVersion", "1.0.2");
    ObjectNode process = config.putObject("process");
    process.put("terminal", false);
    process.putObject("user").put("uid", 0).put("gid", 0);
    strings(process.putArray("args"), args);
    strings(process.putArray("env"), "PATH=/bin");
    process.put("cwd", "/");
    ObjectNode caps = process.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      strings(caps.putArray(set), "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE");
    }
    process.put("noNewPrivileges", true);
    config.putObject("root").put("path", rootfs.toString()).put("readonly", true);
    config.put("hostname", "coracle-test");
    ArrayNode mounts = config.putArray("mounts");
    mount(mounts, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
    mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
    mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620");
    mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
    ObjectNode linux = config.putObject("linux");
    ArrayNode namespaces = linux.putArray("namespaces");
    for (String type : List.of("pid", "ipc", "uts", "mount", "network")) {
      namespaces.addObject().put("type", type);
    }
    linux.put("cgroupsPath", "/" + CGROUP_PARENT + "/" + id);
    return config;
  }

  private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
    ObjectNode mount = mounts.addObject().put("destination", destination).put("type", type).put("source", source);
    strings(mount.putArray("options"), options);
  }

  private static void strings(ArrayNode array, String... values) {
    for (String value : values) {
      array.add(value);
    }
  }
}

package dev.coracle.core.container;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coracle.core.cgroups.CgroupManager;
import dev.coracle.core.image.manifest.ImageConfig;
import dev.coracle.core.monitor.CgroupfsConmonCgroup;
import dev.coracle.core.monitor.Conmon;
import dev.coracle.core.monitor.ExecSync;
import dev.coracle.core.namespace.NamespaceKind;
import dev.coracle.core.namespace.NamespacePinner;
import dev.coracle.core.namespace.PinnedNamespaces;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import dev.coracle.core.oci.runtime.SystemProcessRunner;
import dev.coracle.core.snapshot.OverlaySnapshots;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real parts for container tests: runc, conmon, overlayfs, a pod whose namespaces are really
 * pinned, and a local busybox "image" (one unpacked layer made from the host's static busybox,
 * with an /etc/passwd naming root and a user 1000). {@link #close} removes what the test left
 * and fails it when anything (mount, cgroup, conmon, pin) had to be cleaned up by force.
 */
final class ContainerHost implements AutoCloseable {

  static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  static final String IMAGE = "local/busybox:test";
  static final String IMAGE_ID = "sha256:" + "b".repeat(64);
  private static final List<String> APPLETS = List.of("sh", "echo", "sleep", "cat", "id", "printf", "ls", "head",
      "true", "false", "ps", "touch", "mkdir", "hostname", "grep", "dd", "mount", "trap", "kill", "mv", "wc");

  final Path dir;
  final Path layer;
  final String podCgroup;
  final OciRuntimeSettings runc;
  final SystemProcessRunner runner = new SystemProcessRunner();
  final NamespacePinner pinner = new NamespacePinner(LinuxSyscalls.get());
  final PinnedNamespaces pins;
  final String sandboxId;
  final Path logDir;
  final ContainerManager.Parts parts;
  private boolean podReady = true;

  private ContainerHost(Path dir) throws IOException {
    this.dir = dir;
    String tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    this.sandboxId = "aa" + tag + "0".repeat(54);
    this.podCgroup = "coracle-test/pod-" + tag;
    this.layer = dir.resolve("layer");
    buildLayer(layer);
    this.runc = OciRuntimeSettings.runc(program("runc"), dir.resolve("runc-root"));
    this.pins = pinner.pin(dir.resolve("ns"), EnumSet.of(NamespaceKind.NET, NamespaceKind.IPC, NamespaceKind.UTS),
        "pod-" + tag);
    this.logDir = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
    Files.writeString(dir.resolve("hostname"), "pod-" + tag + "\n");
    Files.writeString(dir.resolve("resolv.conf"), "nameserver 198.18.0.53\n");
    CgroupManager cgroups = CgroupManager.forHost(CGROUP_ROOT);
    cgroups.create(podCgroup);
    Conmon conmon = new Conmon(program("conmon"), runner, new CgroupfsConmonCgroup(CGROUP_ROOT),
        Duration.ofSeconds(30));
    this.parts = new ContainerManager.Parts(dir.resolve("state"), pods(tag), images(),
        new OverlaySnapshots(dir.resolve("snapshots"), LinuxSyscalls.get()), new ContainerSpecBuilder(HostFacts.detect(dev.coracle.core.cgroups.CgroupDriver.CGROUPFS, CGROUP_ROOT)),
        handler -> runc, conmon, new ExecSync(program("conmon"), runner, dir.resolve("exec")), cgroups, runner,
        CGROUP_ROOT, 0);
  }

  static ContainerHost open(Path dir) throws IOException {
    assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "runs containers: needs root");
    assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
    return new ContainerHost(dir);
  }

  ContainerManager open() {
    return ContainerManager.open(parts);
  }

  void stopPod() {
    podReady = false;
  }

  /** A container config running {@code args} from the test image, logging to {@code name}.log. */
  static ContainerConfig config(String name, String... args) {
    return new ContainerConfig(name, 0, IMAGE, List.of(args), List.of(), "", List.of(), List.of(), List.of(),
        Map.of("test", name), Map.of(), name + ".log", false, false, false, null, null, null, "");
  }

  private PodLookup pods(String tag) {
    return new PodLookup() {
      @Override
      public PodContext context(String id) {
        if (!id.equals(sandboxId)) {
          throw new NotFoundException("pod sandbox " + id + " not found");
        }
        if (!podReady) {
          throw new dev.coracle.core.error.FailedPreconditionException("pod sandbox " + id + " is not ready");
        }
        return new PodContext(sandboxId, "pod-" + tag, pins.path(NamespaceKind.NET).orElseThrow(),
            pins.path(NamespaceKind.IPC).orElseThrow(), pins.path(NamespaceKind.UTS).orElseThrow(), null, false,
            podCgroup, dir.resolve("hosts"), dir.resolve("hostname"), dir.resolve("resolv.conf"), null, Map.of(),
            false, logDir);
      }

      @Override
      public String runtimeHandler(String id) {
        return "runc";
      }
    };
  }

  private ImageSource images() {
    ImageConfig.RunConfig run = new ImageConfig.RunConfig(null, List.of("PATH=/bin", "FROM_IMAGE=yes"), null,
        List.of("sh"), "/", null, null, null, null);
    return name -> {
      if (!name.equals(IMAGE) && !name.equals(IMAGE_ID)) {
        throw new NotFoundException("image \"" + name + "\" is not present: pull it first");
      }
      return new ImageSource.ResolvedImage(IMAGE_ID, "local/busybox@sha256:" + "c".repeat(64), IMAGE, run,
          List.of(layer));
    };
  }

  private static void buildLayer(Path root) throws IOException {
    Path bin = Files.createDirectories(root.resolve("bin"));
    for (String d : List.of("proc", "dev", "sys", "tmp", "etc", "home/app")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    Files.writeString(root.resolve("etc/group"), "root:x:0:\napp:x:1000:\nextra:x:2000:app\n");
  }

  static Path program(String name) {
    for (String d : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin")) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    assumeTrue(false, "needs " + name);
    return null;
  }

  @Override
  public void close() throws Exception {
    List<String> leftovers = new ArrayList<>();
    OciRuntime runtime = new OciRuntime(runc, runner);
    if (Files.isDirectory(runc.root())) {
      runtime.list().forEach(s -> {
        leftovers.add("runtime container " + s.id());
        runtime.delete(s.id(), true);
      });
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      if (fields[4].startsWith(dir.toString()) && !fields[4].startsWith(dir.resolve("ns").toString())) {
        leftovers.add("mount " + fields[4]);
        LinuxSyscalls.get().unmount(Path.of(fields[4]), true);
      }
    }
    pinner.unpin(pins);
    try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(CGROUP_ROOT)) {
      for (Path hierarchy : hierarchies) {
        Path pod = hierarchy.resolve(podCgroup);
        if (Files.isDirectory(pod)) {
          try (var children = Files.list(pod)) {
            children.filter(Files::isDirectory).forEach(c -> {
              if (!c.getFileName().toString().equals("conmon")) { // the pod's, shared by its monitors
                leftovers.add("cgroup " + c);
              }
              try {
                Files.delete(c);
              } catch (IOException e) {
                leftovers.add("undeletable cgroup " + c);
              }
            });
          }
          Files.delete(pod);
        }
        try {
          Files.deleteIfExists(hierarchy.resolve("coracle-test"));
        } catch (IOException e) {
          // The shared parent is still used by another test.
        }
      }
    }
    for (long pid : conmonsOf(dir)) {
      leftovers.add("conmon " + pid);
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    if (!leftovers.isEmpty()) {
      throw new AssertionError("the test left behind (now removed): " + leftovers);
    }
  }

  /** Live conmon processes whose command line names a path under {@code dir}. */
  static List<Long> conmonsOf(Path dir) throws IOException {
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try {
          String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
          String stat = Files.readString(proc.resolve("stat"));
          boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
          if (cmdline.startsWith(program("conmon").toString()) && cmdline.contains(dir.toString()) && !zombie) {
            found.add(Long.parseLong(proc.getFileName().toString()));
          }
        } catch (IOException e) {
          // Gone meanwhile.
        }
      }
    }
    return found;
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}

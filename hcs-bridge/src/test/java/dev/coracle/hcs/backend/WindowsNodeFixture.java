package dev.coracle.hcs.backend;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.container.ContainerConfig;
import dev.coracle.core.container.ContainerSecurity;
import dev.coracle.core.container.WindowsContainerOptions;
import dev.coracle.core.container.WindowsResources;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.lifecycle.PodFiles;
import dev.coracle.core.network.Cidr;
import dev.coracle.core.network.PodAttachment;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.core.sandbox.PodSecurity;
import dev.coracle.core.sandbox.SandboxConfig;
import dev.coracle.core.sandbox.WindowsPodOptions;
import dev.coracle.core.status.Condition;
import dev.coracle.hcs.compute.Hcs;
import dev.coracle.hcs.fake.FakeJobs;
import dev.coracle.hcs.fake.FakeWindows;
import dev.coracle.hcs.hostprocess.JobObjectHostProcesses;
import dev.coracle.hcs.hcn.Hcn;
import dev.coracle.hcs.osversion.HostVersion;
import dev.coracle.hcs.osversion.OsVersion;
import dev.coracle.hcs.storage.LayerStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Windows node on Linux: the backend over the recording fake of every native call, with
 * images whose layers are directories (a base with a UtilityVM, and a top layer) and a network
 * plugin that records what it was called with, as win-bridge would be.
 */
final class WindowsNodeFixture implements AutoCloseable {

  static final String PAUSE = "registry.test/pause:3.9";
  static final String SERVERCORE = "registry.test/servercore:ltsc2022";
  static final String OLD = "registry.test/servercore:ltsc2019";

  final FakeWindows windows = new FakeWindows();
  final FakeJobs jobs = new FakeJobs();
  final Path root;
  final RecordingNetwork network = new RecordingNetwork();
  final Images images;
  HcsBackend backend;

  WindowsNodeFixture(Path root) throws IOException {
    this.root = root;
    this.images = new Images(root.resolve("images"));
    images.add(PAUSE, "10.0.20348.1", List.of("cmd /c pause-forever"));
    images.add(SERVERCORE, "10.0.20348.2340", List.of("cmd /c echo hello"));
    images.add(OLD, "10.0.17763.5000", List.of("cmd /c echo old"));
    windows.imageBuild(images.get(OLD).layers().get(0).toString(), 17763);
    windows.imageBuild(images.get(OLD).layers().get(1).toString(), 17763);
    backend = open();
  }

  HcsBackend open() {
    Hcs hcs = new Hcs(windows.natives(), Duration.ofSeconds(30));
    return HcsBackend.open(new HcsBackend.Parts(root.resolve("state"), hcs, new Hcn(windows.natives()),
        new LayerStorage(windows.natives()), images, WindowsHandlers.BUILT_IN,
        HostVersion.fixed(OsVersion.parse("10.0.20348.2340")), network, hostProcesses(), PAUSE, 2));
  }

  private HostProcesses hostProcesses() {
    Path hostProcessRoot = root.resolve("hostprocess");
    return new JobObjectHostProcesses(jobs, jobs, new LayerStorage(windows.natives()),
        new JobObjectHostProcesses.Settings(hostProcessRoot, hostProcessRoot.resolve("hpc"), Map.of()));
  }

  /** The backend a restarted daemon would have: the old one let go, a new one over the same state and host. */
  HcsBackend restart() {
    backend.close();
    backend = open();
    return backend;
  }

  SandboxConfig pod(String name, String handler) {
    return new SandboxConfig(name, "default", "uid-" + name, 0, name, new PodFiles.Dns(null, null, null),
        Map.of("app", name), Map.of(), "", false, false, false, false, Map.of(), handler,
        root.resolve("logs").resolve(name).toString(), List.of(),
        CgroupLimits.NONE, PodSecurity.DEFAULT, "", WindowsPodOptions.NONE);
  }

  static ContainerConfig container(String name, String image, List<String> command, WindowsContainerOptions windows) {
    return new ContainerConfig(name, 0, image, command, List.of(), "", List.of("GREETING=hi"), List.of(), List.of(),
        Map.of(), Map.of(), name + ".log", false, false, false, CgroupLimits.NONE, null, ContainerSecurity.DEFAULT, "",
        windows);
  }

  static ContainerConfig container(String name, String image, List<String> command) {
    return container(name, image, command, WindowsContainerOptions.NONE);
  }

  static WindowsContainerOptions resources(Long cpuMaximum, Long memoryBytes) {
    return new WindowsContainerOptions(new WindowsResources(null, null, cpuMaximum, memoryBytes, null, List.of()), "",
        "", false);
  }

  @Override
  public void close() {
    backend.close();
  }

  /** Images whose layers are directories under a root, top-most first. */
  static final class Images implements WindowsImages {
    private final Path root;
    private final Map<String, Image> byName = new ConcurrentHashMap<>();
    final List<String> ensured = new CopyOnWriteArrayList<>();

    Images(Path root) {
      this.root = root;
    }

    void add(String name, String osVersion, List<String> cmd) throws IOException {
      String id = "sha256:" + Integer.toHexString(name.hashCode());
      Path base = Files.createDirectories(root.resolve(Integer.toHexString(name.hashCode()) + "-base"));
      Files.createDirectories(base.resolve("Files"));
      Files.createDirectories(base.resolve("UtilityVM").resolve("Files"));
      Files.writeString(base.resolve("UtilityVM").resolve("SystemTemplate.vhdx"), "template");
      Path top = Files.createDirectories(root.resolve(Integer.toHexString(name.hashCode()) + "-top"));
      byName.put(name, new Image(id, name + "@" + id, name, List.of(), cmd, List.of("PATH=C:\\Windows\\system32"),
          "C:\\", "ContainerUser", List.of(top, base), osVersion, true));
    }

    Image get(String name) {
      return byName.get(name);
    }

    @Override
    public Image resolve(String image) {
      Image found = byName.get(image);
      if (found == null) {
        found = byName.values().stream().filter(i -> i.id().equals(image)).findFirst().orElse(null);
      }
      if (found == null) {
        throw new NotFoundException("image \"" + image + "\" is not present: pull it first");
      }
      return found;
    }

    @Override
    public Image ensure(String image) {
      ensured.add(image);
      return resolve(image);
    }
  }

  /** The network plugin's side: which namespace GUID each pod was attached with. */
  static final class RecordingNetwork implements PodNetwork {
    final List<PodAttachment> attached = new CopyOnWriteArrayList<>();
    final List<PodAttachment> detached = new CopyOnWriteArrayList<>();
    volatile RuntimeException failAttach;

    @Override
    public Condition readiness() {
      return Condition.ready(Condition.NETWORK_READY, "");
    }

    @Override
    public void updatePodCidrs(List<Cidr> podCidrs) {}

    @Override
    public List<Cidr> podCidrs() {
      return List.of();
    }

    @Override
    public List<String> attach(PodAttachment pod) {
      if (failAttach != null) {
        throw failAttach;
      }
      attached.add(pod);
      return List.of("198.18.7." + (attached.size() + 1));
    }

    @Override
    public void detach(PodAttachment pod) {
      detached.add(pod);
    }
  }
}

package dev.coracle.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coracle.core.cgroups.CgroupLayout;
import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.cgroups.CgroupManager;
import dev.coracle.core.error.AlreadyExistsException;
import dev.coracle.core.error.CoracleException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.lifecycle.PodFiles;
import dev.coracle.core.monitor.Conmon;
import dev.coracle.core.monitor.CgroupfsConmonCgroup;
import dev.coracle.core.oci.runtime.RuntimeHandlers;
import dev.coracle.core.namespace.NamespaceKind;
import dev.coracle.core.namespace.NamespacePinner;
import dev.coracle.core.network.Cidr;
import dev.coracle.core.network.PodAttachment;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.core.status.Condition;
import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import dev.coracle.core.oci.runtime.SystemProcessRunner;
import dev.coracle.core.sys.LinuxSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pod sandboxes for real: namespaces, files, cgroup, infra process, restart, rollback. */
class SandboxManagerTest {

  private static final Path RUNC = Path.of("/usr/sbin/runc");
  private static final Path CONMON = Path.of("/usr/bin/conmon");
  private static final Path CATATONIT = Path.of("/usr/bin/catatonit");
  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  private static final long SHM_SIZE = 8L << 20;

  @TempDir
  Path dir;

  private final String parent = "coracle-sbx-" + ProcessHandle.current().pid();
  private final CgroupManager cgroups = CgroupManager.forHost(CGROUP_ROOT);
  private OciRuntime runtime;
  private final RecordingNetwork network = new RecordingNetwork();
  private SandboxManager sandboxes;

  @BeforeEach
  void open() {
    assumeTrue(Files.isExecutable(RUNC) && Files.isExecutable(CONMON) && Files.isExecutable(CATATONIT),
        "needs runc, conmon and catatonit (apt-get install runc conmon catatonit)");
    sandboxes = manager(CATATONIT);
  }

  private SandboxManager manager(Path catatonit) {
    OciRuntimeSettings settings = OciRuntimeSettings.runc(RUNC, dir.resolve("runc"));
    SystemProcessRunner runner = new SystemProcessRunner();
    runtime = new OciRuntime(settings, runner);
    InfraProcess infra = new InfraProcess(new Conmon(CONMON, runner, new CgroupfsConmonCgroup(CGROUP_ROOT),
        Duration.ofSeconds(30)), runtime, settings, catatonit);
    RuntimeHandlers handlers = new RuntimeHandlers("runc", Map.of("runc", settings));
    return new SandboxManager(dir.resolve("sandboxes"), new NamespacePinner(LinuxSyscalls.get()), network, cgroups,
        new InfraProcesses(handlers, Map.of("runc", infra), CgroupLayout.detect(CGROUP_ROOT)), LinuxSyscalls.get(),
        SHM_SIZE);
  }

  @AfterEach
  void cleanUp() {
    if (sandboxes != null) {
      sandboxes.list().forEach(s -> sandboxes.remove(s.id()));
    }
    cgroups.remove(parent);
  }

  private SandboxConfig config(String name, boolean hostNetwork, Map<String, String> sysctls) {
    return new SandboxConfig(name, "default", "uid-" + name, 0, "", new PodFiles.Dns(List.of("198.18.0.10"),
        List.of("svc.cluster.local"), List.of("ndots:5")), Map.of("app", name), Map.of(), parent + "/pod-" + name,
        hostNetwork, false, true, false, sysctls);
  }

  @Test
  void run_stop_remove_aPod() throws Exception {
    String id = sandboxes.run(config("web", false, Map.of("net.ipv4.ip_unprivileged_port_start", "0")));
    SandboxRecord record = sandboxes.get(id).orElseThrow();
    assertEquals(SandboxState.READY, record.state());
    assertTrue(sandboxes.namespace(id, NamespaceKind.NET).isPresent());
    Path podDir = dir.resolve("sandboxes").resolve(id);
    assertEquals("nameserver 198.18.0.10\nsearch svc.cluster.local\noptions ndots:5\n",
        Files.readString(podDir.resolve("resolv.conf")));
    assertEquals("web\n", Files.readString(podDir.resolve("hostname")));
    assertEquals(List.of((int) record.infraPid()), cgroups.pids(record.cgroup() + "/infra"), "infra in the pod cgroup");
    assertEquals(Optional.of(record.infraPid()), sandboxes.infraPid(id));
    assertEquals("runc", record.runtimeHandler());

    assertThrows(AlreadyExistsException.class, () -> sandboxes.run(config("web", false, Map.of())));

    sandboxes.stop(id);
    assertEquals(SandboxState.NOTREADY, sandboxes.get(id).orElseThrow().state());
    sandboxes.stop(id);
    sandboxes.remove(id);
    assertTrue(sandboxes.get(id).isEmpty());
    assertFalse(Files.exists(podDir));
    sandboxes.remove(id);
    sandboxes.run(config("web", false, Map.of())); // the name is free again
  }

  @Test
  void systemdSliceParent_putsThePodWhereTheSliceLives() {
    String top = "crsbx" + ProcessHandle.current().pid();
    SandboxConfig base = config("sliced", false, Map.of());
    SandboxConfig sliced = new SandboxConfig(base.name(), base.namespace(), base.uid(), 0, "", base.dns(), Map.of(),
        Map.of(), top + "-burstable-pod1.slice", false, false, true, false, Map.of());
    try {
      String id = sandboxes.run(sliced);
      String cgroup = sandboxes.get(id).orElseThrow().cgroup();
      assertEquals(top + ".slice/" + top + "-burstable.slice/" + top + "-burstable-pod1.slice/coracle-"
          + id.substring(0, 12), cgroup);
      assertEquals(List.of((int) sandboxes.get(id).orElseThrow().infraPid()), cgroups.pids(cgroup + "/infra"));
      sandboxes.remove(id);
    } finally {
      cgroups.remove(top + ".slice");
    }
  }

  @Test
  void network_attachedAfterPinning_detachedAtStopAndAgainAtRemove() throws Exception {
    network.ips = List.of("198.18.0.7", "fd00::7");
    String id = sandboxes.run(config("net", false, Map.of()));
    SandboxRecord record = sandboxes.get(id).orElseThrow();
    assertEquals(List.of("198.18.0.7", "fd00::7"), record.ips());
    Path netns = sandboxes.namespace(id, NamespaceKind.NET).orElseThrow();
    assertEquals(List.of("attach " + id + " " + netns), network.calls);
    assertTrue(Files.readString(sandboxes.hostsFile(id)).contains("198.18.0.7\tnet"),
        Files.readString(sandboxes.hostsFile(id)));
    sandboxes.stop(id);
    sandboxes.remove(id);
    assertEquals(List.of("attach " + id + " " + netns, "detach " + id + " " + netns, "detach " + id + " " + netns),
        network.calls);
  }

  @Test
  void network_failingToAttach_rollsEverythingBackAndFreesTheName() throws Exception {
    network.failure = new dev.coracle.core.error.UnavailableException("the plugin said no");
    assertThrows(dev.coracle.core.error.UnavailableException.class,
        () -> sandboxes.run(config("nonet", false, Map.of())));
    assertTrue(sandboxes.list().isEmpty());
    assertEquals(0, Files.readString(Path.of("/proc/self/mountinfo")).lines()
        .filter(l -> l.contains(dir.toString())).count(), "the namespace pins were unmounted");
    assertEquals(2, network.calls.size(), "what attach made is detached: " + network.calls);
    network.failure = null;
    sandboxes.run(config("nonet", false, Map.of()));
  }

  @Test
  void network_hostNetworkPod_isNeverAttached() {
    String id = sandboxes.run(config("hostnet2", true, Map.of()));
    sandboxes.remove(id);
    assertEquals(List.of(), network.calls);
  }

  @Test
  void hostNetworkPod_pinsNoNetworkNamespace() {
    String id = sandboxes.run(config("hostnet", true, Map.of()));
    assertTrue(sandboxes.namespace(id, NamespaceKind.NET).isEmpty());
    assertTrue(sandboxes.namespace(id, NamespaceKind.IPC).isPresent());
  }

  @Test
  void hostSysctl_isRefusedBeforeAnythingIsMade() {
    assertThrows(InvalidArgumentException.class, () -> sandboxes.run(config("bad", false, Map.of("kernel.panic", "1"))));
    assertTrue(sandboxes.list().isEmpty());
  }

  @Test
  void failedInfraStart_rollsEverythingBack() throws Exception {
    SandboxManager broken = manager(dir.resolve("no-such-catatonit"));
    assertThrows(CoracleException.class, () -> broken.run(config("broken", false, Map.of())));
    assertTrue(broken.list().isEmpty());
    try (var left = Files.list(dir.resolve("sandboxes"))) {
      assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().matches("exits|sockets")).toList());
    }
    assertEquals(0, Files.readString(Path.of("/proc/self/mountinfo")).lines().filter(l -> l.contains(dir.toString())).count());
    try (var left = Files.list(Path.of("/sys/fs/cgroup/pids", parent, "pod-broken"))) {
      assertEquals(0, left.filter(Files::isDirectory).count(), "the infra cgroup was removed");
    }
    assertThrows(CoracleException.class, () -> broken.run(config("broken", false, Map.of())), "the name was released");
  }

  @Test
  void restartedManager_findsEveryPodWithItsTrueState() {
    String running = sandboxes.run(config("alive", false, Map.of()));
    String stopped = sandboxes.run(config("dead", false, Map.of()));
    runtime.kill(stopped, 9, true); // dies while "the daemon is down"
    SandboxManager again = manager(CATATONIT);
    assertEquals(SandboxState.READY, again.get(running).orElseThrow().state());
    waitUntil(() -> !again.get(stopped).isEmpty());
    SandboxManager third = manager(CATATONIT);
    assertEquals(SandboxState.NOTREADY, third.get(stopped).orElseThrow().state());
    assertEquals(running, third.run(config("alive", false, Map.of())), "the recorded config is the same config");
    assertThrows(AlreadyExistsException.class, () -> third.run(config("alive", false, Map.of("net.ipv4.ip_forward", "1"))));
    sandboxes = third;
  }

  @Test
  void run_mountsThePodsOwnShm_stopUnmountsIt() throws Exception {
    String id = sandboxes.run(config("shm", false, Map.of()));
    Path shm = sandboxes.shmDir(id).orElseThrow();
    assertTrue(PodShm.isMountPoint(shm));
    assertEquals(SHM_SIZE, LinuxSyscalls.get().statfs(shm).totalBytes());
    assertEquals(01777, ((Integer) Files.getAttribute(shm, "unix:mode")) & 07777);
    String options = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(l -> l.split(" ")[4].equals(shm.toString())).findFirst().orElseThrow();
    assertTrue(options.contains("nosuid") && options.contains("nodev") && options.contains("noexec"), options);
    sandboxes.stop(id);
    assertFalse(PodShm.isMountPoint(shm));
    assertFalse(Files.exists(shm));
    sandboxes.remove(id);
  }

  @Test
  void hostIpcPod_hasNoShmOfItsOwn() {
    SandboxConfig c = config("hostipc", false, Map.of());
    String id = sandboxes.run(new SandboxConfig(c.name(), c.namespace(), c.uid(), 0, "", c.dns(), c.labels(), Map.of(),
        c.cgroupParent(), false, true, true, false, Map.of()));
    assertTrue(sandboxes.shmDir(id).isEmpty());
    assertFalse(Files.exists(dir.resolve("sandboxes").resolve(id).resolve("shm")));
  }

  @Test
  void unknownRuntimeHandler_isRefusedBeforeAnythingIsMade() throws Exception {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> sandboxes.run(config("nohandler", false, Map.of()).withRuntimeHandler("kata")));
    assertEquals("unknown runtime handler \"kata\" (configured: runc)", e.getMessage());
    assertTrue(sandboxes.list().isEmpty());
    try (var left = Files.list(dir.resolve("sandboxes"))) {
      assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().matches("exits|sockets")).toList());
    }
  }

  @Test
  void run_retriedWithTheSameConfig_getsTheSameId_aDifferentConfigIsRefused() throws Exception {
    SandboxConfig config = config("retry", false, Map.of());
    var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      var first = pool.submit(() -> sandboxes.run(config));
      var second = pool.submit(() -> sandboxes.run(config));
      var third = pool.submit(() -> sandboxes.run(config));
      assertEquals(first.get(), second.get());
      assertEquals(first.get(), third.get());
    } finally {
      pool.shutdown();
    }
    assertEquals(1, sandboxes.list().size());
    assertEquals(sandboxes.list().iterator().next().id(), sandboxes.run(config), "a retry after success");
    SandboxConfig other = new SandboxConfig(config.name(), config.namespace(), config.uid(), 0, "other", config.dns(),
        config.labels(), Map.of(), config.cgroupParent(), false, false, true, false, Map.of());
    assertThrows(AlreadyExistsException.class, () -> sandboxes.run(other));
  }

  @Test
  void podResources_areAppliedAtRunAndByUpdate() throws Exception {
    CgroupLimits limits = new CgroupLimits(512L, null, null, null, null, 256L << 20, null, Map.of(), Map.of());
    String id = sandboxes.run(config("limited", false, Map.of()).withResources(limits));
    String cgroup = sandboxes.get(id).orElseThrow().cgroup();
    Path memory = CGROUP_ROOT.resolve("memory").resolve(cgroup).resolve("memory.limit_in_bytes");
    assumeTrue(Files.exists(memory), "needs the cgroup v1 memory controller");
    assertEquals(256L << 20, Long.parseLong(Files.readString(memory).strip()));
    assertEquals("512", Files.readString(CGROUP_ROOT.resolve("cpu").resolve(cgroup).resolve("cpu.shares")).strip());

    CgroupLimits bigger = new CgroupLimits(null, null, null, null, null, 512L << 20, null, Map.of(), Map.of());
    sandboxes.update(id, bigger);
    assertEquals(512L << 20, Long.parseLong(Files.readString(memory).strip()));
    assertEquals(bigger, manager(CATATONIT).get(id).orElseThrow().config().resources(), "recorded");
    assertThrows(dev.coracle.core.error.NotFoundException.class, () -> sandboxes.update("nope", bigger));
  }

  @Test
  void infraExited_marksThePodNotReady() {
    String id = sandboxes.run(config("exits", false, Map.of()));
    sandboxes.infraExited(id);
    assertEquals(SandboxState.NOTREADY, sandboxes.get(id).orElseThrow().state());
    sandboxes.infraExited("unknown");
  }

  @Test
  void runAndRemove_twoHundredTimes_leavesNoMountPinCgroupProcessOrFile() throws Exception {
    for (int i = 0; i < 200; i++) {
      String id = sandboxes.run(config("cycle", false, Map.of()));
      sandboxes.remove(id);
    }
    try (var left = Files.list(dir.resolve("sandboxes"))) {
      assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().matches("exits|sockets")).toList());
    }
    try (var exits = Files.list(dir.resolve("sandboxes/exits"))) {
      assertEquals(0, exits.count(), "exit files are removed with their pods");
    }
    assertEquals(0, Files.readString(Path.of("/proc/self/mountinfo")).lines().filter(l -> l.contains(dir.toString())).count());
    try (var left = Files.list(CGROUP_ROOT.resolve("pids").resolve(parent).resolve("pod-cycle"))) {
      assertEquals(0, left.filter(Files::isDirectory).count(), "every pod cgroup was removed");
    }
    assertTrue(runtime.list().isEmpty(), "no infra container left");
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Stands in for a network at the seam (the CNI network that plugs in here is tested with the
   * real plugins in cni-bridge): records each call and gives the IPs or failure it is told to.
   */
  static final class RecordingNetwork implements PodNetwork {
    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile List<String> ips = List.of();
    volatile RuntimeException failure;

    @Override
    public Condition readiness() {
      return Condition.ready(Condition.NETWORK_READY, "test");
    }

    @Override
    public void updatePodCidrs(List<Cidr> podCidrs) {}

    @Override
    public List<Cidr> podCidrs() {
      return List.of();
    }

    @Override
    public List<String> attach(PodAttachment pod) {
      calls.add("attach " + pod.sandboxId() + " " + pod.netns());
      if (failure != null) {
        throw failure;
      }
      return ips;
    }

    @Override
    public void detach(PodAttachment pod) {
      calls.add("detach " + pod.sandboxId() + " " + pod.netns());
    }
  }
}

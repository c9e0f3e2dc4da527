package dev.coracle.core.container;

import static dev.coracle.core.container.ContainerSpecBuilderTest.ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.container.ContainerConfig.DeviceRequest;
import dev.coracle.core.container.ContainerSecurity.NamespaceModes;
import dev.coracle.core.container.ContainerSecurity.NamespaceModes.Mode;
import dev.coracle.core.container.ContainerSecurity.SelinuxLabel;
import dev.coracle.core.container.ContainerSpecBuilderTest.Config;
import dev.coracle.core.container.ContainerSpecBuilderTest.Fixture;
import dev.coracle.core.container.ContainerSpecBuilderTest.Security;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.spec.Linux;
import dev.coracle.core.oci.spec.Linux.Namespace;
import dev.coracle.core.oci.spec.Resources;
import dev.coracle.core.oci.spec.Resources.DeviceRule;
import dev.coracle.core.oci.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Namespaces, cgroup path, resources and devices. */
class ContainerSpecBuilderLinuxTest {

  private static final String NET = "/run/coracle/pods/pod-1234/ns/net";
  private static final String IPC = "/run/coracle/pods/pod-1234/ns/ipc";
  private static final String UTS = "/run/coracle/pods/pod-1234/ns/uts";

  private static ContainerSpecBuilder.Host host(boolean cgroupV2, CgroupDriver driver, boolean swap) {
    ContainerSpecBuilder.Host base = Fixture.host();
    return new ContainerSpecBuilder.Host(base.capabilities(), base.seccomp(), null, false, "", SelinuxLabel.NONE,
        cgroupV2, driver, swap, List.of(), "n");
  }

  private static Spec build(ContainerSpecBuilder.Host host, Config config, PodContext pod,
      ContainerSpecBuilder.Prepared prepared) {
    return new ContainerSpecBuilder(host).build(ID, config.build(), Fixture.image(), Fixture.user(), pod,
        Path.of("/r"), prepared);
  }

  private static Config modes(Mode network, Mode pid, Mode ipc, String target) {
    Security security = Fixture.security();
    security.namespaces = new NamespaceModes(network, pid, ipc, target);
    return Fixture.config().security(security);
  }

  private static PodContext hostPidPod() {
    PodContext p = Fixture.pod();
    return new PodContext(p.sandboxId(), p.hostname(), p.netNs(), p.ipcNs(), p.utsNs(), null, true, p.cgroupParent(),
        p.hostsFile(), p.hostnameFile(), p.resolvConfFile(), p.shmDir(), Map.of(), false, null);
  }

  private static PodContext noInfraPod() {
    PodContext p = Fixture.pod();
    return new PodContext(p.sandboxId(), p.hostname(), p.netNs(), p.ipcNs(), p.utsNs(), null, false, p.cgroupParent(),
        p.hostsFile(), p.hostnameFile(), p.resolvConfFile(), p.shmDir(), Map.of(), false, null);
  }

  static Stream<Arguments> namespaceRows() {
    Namespace mount = Namespace.fresh("mount");
    Namespace net = new Namespace("network", NET);
    Namespace ipc = new Namespace("ipc", IPC);
    Namespace uts = new Namespace("uts", UTS);
    return Stream.of(
        Arguments.of("pod pid", modes(Mode.POD, Mode.POD, Mode.POD, ""), Fixture.pod(), null,
            List.of(mount, new Namespace("pid", "/proc/4242/ns/pid"), net, ipc, uts)),
        Arguments.of("container pid", modes(Mode.POD, Mode.CONTAINER, Mode.POD, ""), Fixture.pod(), null,
            List.of(mount, Namespace.fresh("pid"), net, ipc, uts)),
        Arguments.of("node pid", modes(Mode.POD, Mode.NODE, Mode.POD, ""), Fixture.pod(), null,
            List.of(mount, net, ipc, uts)),
        Arguments.of("pod pid in a host-PID pod", modes(Mode.POD, Mode.POD, Mode.POD, ""), hostPidPod(), null,
            List.of(mount, net, ipc, uts)),
        Arguments.of("target pid", modes(Mode.POD, Mode.TARGET, Mode.POD, "c-other"), Fixture.pod(), 777L,
            List.of(mount, new Namespace("pid", "/proc/777/ns/pid"), net, ipc, uts)),
        Arguments.of("host network and IPC pod", modes(Mode.NODE, Mode.CONTAINER, Mode.NODE, ""), Fixture.hostPod(),
            null, List.of(mount, Namespace.fresh("pid"))),
        Arguments.of("pod modes in a host pod: the host's", modes(Mode.POD, Mode.CONTAINER, Mode.POD, ""),
            Fixture.hostPod(), null, List.of(mount, Namespace.fresh("pid"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namespaceRows")
  void build_namespaces_rows(String name, Config config, PodContext pod, Long targetPid, List<Namespace> expected) {
    Spec spec = build(Fixture.host(), config, pod, new ContainerSpecBuilder.Prepared(Map.of(), Map.of(), List.of(),
        targetPid));
    assertEquals(expected, spec.linux().namespaces());
  }

  @Test
  void build_podPidWithoutInfraProcess_isAPrecondition() {
    FailedPreconditionException e = assertThrows(FailedPreconditionException.class, () -> build(Fixture.host(),
        modes(Mode.POD, Mode.POD, Mode.POD, ""), noInfraPod(), ContainerSpecBuilder.Prepared.of(Map.of())));
    assertTrue(e.getMessage().contains("pod pod-1234 has no running infra process"), e.getMessage());
  }

  @Test
  void build_targetPid_needsATargetThatRuns() {
    assertThrows(FailedPreconditionException.class, () -> build(Fixture.host(),
        modes(Mode.POD, Mode.TARGET, Mode.POD, "c-other"), Fixture.pod(), ContainerSpecBuilder.Prepared.of(Map.of())));
    assertThrows(InvalidArgumentException.class, () -> build(Fixture.host(),
        modes(Mode.POD, Mode.TARGET, Mode.POD, ""), Fixture.pod(),
        new ContainerSpecBuilder.Prepared(Map.of(), Map.of(), List.of(), 777L)));
  }

  @Test
  void build_hostNamespaceInAPodWithItsOwn_isInvalid() {
    assertThrows(InvalidArgumentException.class, () -> build(Fixture.host(),
        modes(Mode.NODE, Mode.CONTAINER, Mode.POD, ""), Fixture.pod(), ContainerSpecBuilder.Prepared.of(Map.of())));
    assertThrows(InvalidArgumentException.class, () -> build(Fixture.host(),
        modes(Mode.POD, Mode.CONTAINER, Mode.NODE, ""), Fixture.pod(), ContainerSpecBuilder.Prepared.of(Map.of())));
    assertThrows(InvalidArgumentException.class, () -> build(Fixture.host(),
        modes(Mode.CONTAINER, Mode.CONTAINER, Mode.POD, ""), Fixture.pod(),
        ContainerSpecBuilder.Prepared.of(Map.of())));
  }

  @Test
  void build_cgroupNamespace_onV2ForUnprivilegedOnly() {
    ContainerSpecBuilder.Host v2 = host(true, CgroupDriver.CGROUPFS, true);
    assertTrue(build(v2, Fixture.config(), Fixture.pod(), ContainerSpecBuilder.Prepared.of(Map.of())).linux()
        .namespaces().contains(Namespace.fresh("cgroup")));
    assertTrue(Fixture.build(Fixture.config()).linux().namespaces().stream().noneMatch(n -> n.type().equals("cgroup")),
        "v1: none");
    Security privileged = Fixture.security();
    privileged.privileged = true;
    assertTrue(build(v2, Fixture.config().security(privileged), Fixture.privilegedPod(),
        ContainerSpecBuilder.Prepared.of(Map.of())).linux().namespaces().stream()
        .noneMatch(n -> n.type().equals("cgroup")));
  }

  @Test
  void build_cgroupsPath_perDriver() {
    assertEquals("/kubepods/coracle-pod-1234/coracle-0123456789ab", Fixture.build(Fixture.config()).linux()
        .cgroupsPath());
    assertEquals("/coracle-0123456789ab", SpecNamespaces.cgroupsPath(CgroupDriver.CGROUPFS, "/", ID));
    assertEquals("kubepods-besteffort-pod12.slice:coracle:" + ID, SpecNamespaces.cgroupsPath(CgroupDriver.SYSTEMD,
        "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod12.slice", ID));
    assertEquals("kubepods-pod12.slice:coracle:" + ID,
        SpecNamespaces.cgroupsPath(CgroupDriver.SYSTEMD, "kubepods-pod12.slice", ID));
    assertThrows(InvalidArgumentException.class,
        () -> SpecNamespaces.cgroupsPath(CgroupDriver.SYSTEMD, "kubepods/pod12", ID));
    assertThrows(InvalidArgumentException.class,
        () -> SpecNamespaces.cgroupsPath(CgroupDriver.CGROUPFS, "kubepods/../../x", ID));
  }

  @Test
  void build_resources_mappedFromCgroupLimits() {
    Config config = Fixture.config();
    config.resources = new CgroupLimits(256L, 20_000L, 100_000L, "0-3", "0", 128L << 20, 64L,
        Map.of("2MB", 4L << 20, "1GB", 0L), Map.of("memory.high", "100000000"));
    Resources resources = Fixture.build(config).linux().resources();
    assertEquals(new Resources.Cpu(256L, 20_000L, null, 100_000L, null, null, "0-3", "0", null), resources.cpu());
    assertEquals(128L << 20, resources.memory().limit());
    assertEquals(128L << 20, resources.memory().swap(), "no swapping where swap is accounted");
    assertEquals(new Resources.Pids(64), resources.pids());
    assertEquals(List.of(new Resources.HugepageLimit("1GB", 0), new Resources.HugepageLimit("2MB", 4L << 20)),
        resources.hugepageLimits());
    assertNull(resources.unified(), "v1: no unified files");
    Resources v2 = build(host(true, CgroupDriver.CGROUPFS, false), config, Fixture.pod(),
        ContainerSpecBuilder.Prepared.of(Map.of())).linux().resources();
    assertEquals(Map.of("memory.high", "100000000"), v2.unified());
    assertNull(v2.memory().swap(), "swap not accounted: not set");
  }

  @Test
  void build_resources_noneAskedSetsOnlyDevices() {
    Config config = Fixture.config();
    config.resources = new CgroupLimits(0L, 0L, 0L, "", "", 0L, null, Map.of(), Map.of());
    Resources resources = Fixture.build(config).linux().resources();
    assertEquals(Resources.empty().withDevices(SpecResources.DEFAULT_RULES), resources);
  }

  @Test
  void build_devices_defaultRulesDenyAllFirst() {
    Spec spec = Fixture.build(Fixture.config());
    List<DeviceRule> rules = spec.linux().resources().devices();
    assertEquals(DeviceRule.denyAll(), rules.get(0));
    for (long[] node : new long[][] {{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}}) {
      assertTrue(rules.contains(new DeviceRule(true, "c", node[0], node[1], "rwm")), node[0] + ":" + node[1]);
    }
    assertTrue(rules.contains(new DeviceRule(true, "c", 136L, null, "rwm")), "pseudo-terminals");
    assertNull(spec.linux().devices(), "no device nodes asked for");
  }

  @Test
  void build_requestedDevices_getANodeAndARule() {
    Config config = Fixture.config();
    config.devices = List.of(new DeviceRequest("/dev/fuse", "/dev/fuse", "rw"),
        new DeviceRequest("/dev/xvdb", "/dev/sdb", ""));
    Map<String, Linux.Device> host = Map.of(
        "/dev/fuse", new Linux.Device("/dev/fuse", "c", 10L, 229L, 0666, 0L, 0L),
        "/dev/sdb", new Linux.Device("/dev/sdb", "b", 8L, 16L, 0660, 0L, 6L));
    Spec spec = build(Fixture.host(), config, Fixture.pod(), new ContainerSpecBuilder.Prepared(Map.of(), host,
        List.of(), null));
    assertEquals(List.of(new Linux.Device("/dev/fuse", "c", 10L, 229L, 0666, 0L, 0L),
        new Linux.Device("/dev/xvdb", "b", 8L, 16L, 0660, 0L, 6L)), spec.linux().devices());
    List<DeviceRule> rules = spec.linux().resources().devices();
    assertEquals(SpecResources.DEFAULT_RULES, rules.subList(0, SpecResources.DEFAULT_RULES.size()));
    assertEquals(List.of(new DeviceRule(true, "c", 10L, 229L, "rw"), new DeviceRule(true, "b", 8L, 16L, "rwm")),
        rules.subList(SpecResources.DEFAULT_RULES.size(), rules.size()));
  }

  @Test
  void build_devices_badPermissionsRelativePathOrUnpreparedNode_refused() {
    Map<String, Linux.Device> host = Map.of("/dev/fuse", new Linux.Device("/dev/fuse", "c", 10L, 229L, 0666, 0L, 0L));
    ContainerSpecBuilder.Prepared prepared = new ContainerSpecBuilder.Prepared(Map.of(), host, List.of(), null);
    Config bad = Fixture.config();
    bad.devices = List.of(new DeviceRequest("/dev/fuse", "/dev/fuse", "rx"));
    assertThrows(InvalidArgumentException.class, () -> build(Fixture.host(), bad, Fixture.pod(), prepared));
    bad.devices = List.of(new DeviceRequest("dev/fuse", "/dev/fuse", "r"));
    assertThrows(InvalidArgumentException.class, () -> build(Fixture.host(), bad, Fixture.pod(), prepared));
    bad.devices = List.of(new DeviceRequest("/dev/kvm", "/dev/kvm", "r"));
    assertThrows(InternalException.class, () -> build(Fixture.host(), bad, Fixture.pod(), prepared));
  }

  @Test
  void build_privileged_allowsEveryDeviceAndGetsTheHostsNodes() {
    Security security = Fixture.security();
    security.privileged = true;
    Config config = Fixture.config().security(security);
    config.devices = List.of(new DeviceRequest("/dev/fuse", "/dev/fuse", "r"));
    List<Linux.Device> hostDevices = List.of(new Linux.Device("/dev/sda", "b", 8L, 0L, 0660, 0L, 6L),
        new Linux.Device("/dev/fuse", "c", 10L, 229L, 0666, 0L, 0L));
    Spec spec = build(Fixture.host(), config, Fixture.privilegedPod(), new ContainerSpecBuilder.Prepared(Map.of(),
        Map.of("/dev/fuse", hostDevices.get(1)), hostDevices, null));
    assertEquals(List.of(new DeviceRule(true, "a", null, null, "rwm")), spec.linux().resources().devices());
    assertEquals(hostDevices, spec.linux().devices());
  }
}

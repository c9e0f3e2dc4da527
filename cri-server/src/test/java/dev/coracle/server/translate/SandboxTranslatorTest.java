package dev.coracle.server.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.sandbox.PodSecurity;
import dev.coracle.core.network.PortMapping;
import dev.coracle.core.sandbox.SandboxConfig;
import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.core.sandbox.SandboxState;
import dev.coracle.cri.v1.DNSConfig;
import dev.coracle.cri.v1.HugepageLimit;
import dev.coracle.cri.v1.Int64Value;
import dev.coracle.cri.v1.LinuxContainerResources;
import dev.coracle.cri.v1.LinuxPodSandboxConfig;
import dev.coracle.cri.v1.LinuxSandboxSecurityContext;
import dev.coracle.cri.v1.NamespaceMode;
import dev.coracle.cri.v1.NamespaceOption;
import dev.coracle.cri.v1.PodSandbox;
import dev.coracle.cri.v1.PodSandboxConfig;
import dev.coracle.cri.v1.PodSandboxMetadata;
import dev.coracle.cri.v1.PodSandboxState;
import dev.coracle.cri.v1.PodSandboxStatus;
import dev.coracle.cri.v1.Protocol;
import dev.coracle.cri.v1.SELinuxOption;
import dev.coracle.cri.v1.SecurityProfile;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SandboxTranslatorTest {

  private static PodSandboxConfig.Builder pod() {
    return PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder().setName("web").setNamespace("default").setUid("u1").setAttempt(2));
  }

  private static PodSandboxConfig withNamespaces(NamespaceMode network, NamespaceMode pid, NamespaceMode ipc,
      String target) {
    return pod().setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
        .setNamespaceOptions(NamespaceOption.newBuilder().setNetwork(network).setPid(pid).setIpc(ipc)
            .setTargetId(target)))).build();
  }

  /** network, pid, ipc, target -> hostNetwork, hostIpc, podPid, hostPid, pidTarget. */
  static Stream<Arguments> namespaceModes() {
    return Stream.of(
        Arguments.of(NamespaceMode.POD, NamespaceMode.POD, NamespaceMode.POD, "", false, false, true, false, ""),
        Arguments.of(NamespaceMode.NODE, NamespaceMode.NODE, NamespaceMode.NODE, "", true, true, false, true, ""),
        Arguments.of(NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.POD, "", false, false, false, false, ""),
        Arguments.of(NamespaceMode.POD, NamespaceMode.TARGET, NamespaceMode.NODE, "c1", false, true, false, false, "c1"));
  }

  @ParameterizedTest
  @MethodSource("namespaceModes")
  void config_namespaceModes_mapAndComeBackInTheStatus(NamespaceMode network, NamespaceMode pid, NamespaceMode ipc,
      String target, boolean hostNetwork, boolean hostIpc, boolean podPid, boolean hostPid, String pidTarget) {
    SandboxConfig c = SandboxTranslator.config(withNamespaces(network, pid, ipc, target), "");
    assertEquals(List.of(hostNetwork, hostIpc, podPid, hostPid, pidTarget),
        List.of(c.hostNetwork(), c.hostIpc(), c.podPidNamespace(), c.hostPid(), c.pidTargetId()));
    NamespaceOption back = SandboxTranslator.namespaceOptions(c);
    assertEquals(List.of(network, pid, ipc, target),
        List.of(back.getNetwork(), back.getPid(), back.getIpc(), back.getTargetId()));
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(pod().clearMetadata().build(), "metadata.name"),
        Arguments.of(pod().setMetadata(pod().getMetadata().toBuilder().setNamespace("")).build(), "metadata.namespace"),
        Arguments.of(pod().setMetadata(pod().getMetadata().toBuilder().setUid("")).build(), "metadata.uid"),
        Arguments.of(withNamespaces(NamespaceMode.CONTAINER, NamespaceMode.POD, NamespaceMode.POD, ""),
            "namespace_options.network must be POD or NODE"),
        Arguments.of(withNamespaces(NamespaceMode.POD, NamespaceMode.POD, NamespaceMode.TARGET, "x"),
            "namespace_options.ipc must be POD or NODE"),
        Arguments.of(withNamespaces(NamespaceMode.POD, NamespaceMode.TARGET, NamespaceMode.POD, ""),
            "namespace_options.pid is TARGET but no target_id"),
        Arguments.of(pod().addPortMappings(dev.coracle.cri.v1.PortMapping.newBuilder().setContainerPort(0)).build(),
            "out of range"),
        Arguments.of(pod().setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(
            LinuxSandboxSecurityContext.newBuilder().setSeccompProfilePath("docker/strict"))).build(),
            "seccomp_profile_path \"docker/strict\""));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void config_badInput_isInvalidArgumentNamingTheField(PodSandboxConfig config, String message) {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> SandboxTranslator.config(config, ""));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void config_windowsSecurityContext_isKept() {
    var config = SandboxTranslator.config(pod().setWindows(dev.coracle.cri.v1.WindowsPodSandboxConfig.newBuilder()
        .setSecurityContext(dev.coracle.cri.v1.WindowsSandboxSecurityContext.newBuilder()
            .setRunAsUsername("NT AUTHORITY\\SYSTEM").setHostProcess(true))).build(), "runhcs-wcow-process");
    assertEquals(new dev.coracle.core.sandbox.WindowsPodOptions("NT AUTHORITY\\SYSTEM", "", true), config.windows());
    assertEquals(dev.coracle.core.sandbox.WindowsPodOptions.NONE, SandboxTranslator.config(pod().build(), "").windows());
  }

  @Test
  void config_carriesEveryField() {
    PodSandboxConfig request = pod()
        .setHostname("web-0")
        .setLogDirectory("/var/log/pods/web")
        .setDnsConfig(DNSConfig.newBuilder().addServers("198.18.0.10").addSearches("svc").addOptions("ndots:5"))
        .addPortMappings(dev.coracle.cri.v1.PortMapping.newBuilder().setProtocol(Protocol.UDP).setContainerPort(53)
            .setHostPort(5353).setHostIp("127.0.0.1"))
        .putLabels("app", "web")
        .putAnnotations("note", "x")
        .setLinux(LinuxPodSandboxConfig.newBuilder()
            .setCgroupParent("kubepods/podu1")
            .putSysctls("net.ipv4.ip_forward", "1")
            .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                .setPrivileged(true)
                .setSeccomp(SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.Localhost)
                    .setLocalhostRef("/etc/profiles/a.json"))
                .setSelinuxOptions(SELinuxOption.newBuilder().setType("spc_t").setLevel("s0"))
                .setRunAsUser(Int64Value.newBuilder().setValue(1000))
                .addSupplementalGroups(5)))
        .build();
    SandboxConfig c = SandboxTranslator.config(request, "crun");
    assertEquals(List.of("web", "default", "u1", 2, "web-0", "kubepods/podu1", "crun", "/var/log/pods/web"),
        List.of(c.name(), c.namespace(), c.uid(), c.attempt(), c.hostname(), c.cgroupParent(), c.runtimeHandler(),
            c.logDirectory()));
    assertEquals(List.of("198.18.0.10"), c.dns().servers());
    assertEquals(List.of("ndots:5"), c.dns().options());
    assertEquals(List.of(new PortMapping("udp", 53, 5353, "127.0.0.1")), c.portMappings());
    assertEquals(Map.of("app", "web"), c.labels());
    assertEquals(Map.of("note", "x"), c.annotations());
    assertEquals(Map.of("net.ipv4.ip_forward", "1"), c.sysctls());
    assertEquals(new PodSecurity(true, new PodSecurity.Profile("Localhost", "/etc/profiles/a.json"),
        new PodSecurity.SelinuxOptions("", "", "spc_t", "s0"), 1000L, null, List.of(5L), false), c.security());
    assertEquals(CgroupLimits.NONE, c.resources());
  }

  private static LinuxContainerResources resources(UnaryOperator<LinuxContainerResources.Builder> f) {
    return f.apply(LinuxContainerResources.newBuilder()).build();
  }

  static Stream<Arguments> podLimits() {
    return Stream.of(
        Arguments.of(null, null, CgroupLimits.NONE),
        Arguments.of(resources(r -> r.setCpuShares(512).setMemoryLimitInBytes(1 << 30).setCpusetCpus("0-1")
                .addHugepageLimits(HugepageLimit.newBuilder().setPageSize("2MB").setLimit(4 << 20))), null,
            new CgroupLimits(512L, null, null, "0-1", null, 1L << 30, null, Map.of("2MB", 4L << 20), Map.of())),
        // resources plus overhead: limits add up, quota converted to the resources' period
        Arguments.of(resources(r -> r.setCpuShares(512).setCpuQuota(50_000).setCpuPeriod(100_000)
                .setMemoryLimitInBytes(100)),
            resources(r -> r.setCpuShares(2).setCpuQuota(5_000).setCpuPeriod(50_000).setMemoryLimitInBytes(10)),
            new CgroupLimits(514L, 60_000L, 100_000L, null, null, 110L, null, Map.of(), Map.of())),
        // no memory limit plus overhead is still no limit
        Arguments.of(resources(r -> r.setCpuShares(100)), resources(r -> r.setMemoryLimitInBytes(10)),
            new CgroupLimits(100L, null, null, null, null, null, null, Map.of(), Map.of())),
        Arguments.of(null, resources(r -> r.setCpuShares(10)),
            new CgroupLimits(10L, null, null, null, null, null, null, Map.of(), Map.of())));
  }

  @ParameterizedTest
  @MethodSource("podLimits")
  void podLimits_resourcesAndOverhead(LinuxContainerResources resources, LinuxContainerResources overhead,
      CgroupLimits expected) {
    assertEquals(expected, SandboxTranslator.podLimits(resources, overhead));
  }

  @Test
  void sandboxAndStatus_fromTheRecord() {
    SandboxConfig config = SandboxTranslator.config(pod().putLabels("app", "web").putAnnotations("a", "b").build(), "");
    SandboxRecord record = new SandboxRecord("abc123", config, 1_700_000_000_123_456_789L, SandboxState.NOTREADY,
        "coracle/coracle-abc123", "runc", 42, true, List.of("198.18.0.7", "fd00::7"));
    PodSandbox sandbox = SandboxTranslator.sandbox(record);
    assertEquals(List.of("abc123", "web", PodSandboxState.SANDBOX_NOTREADY, 1_700_000_000_123_456_789L, "runc"),
        List.of(sandbox.getId(), sandbox.getMetadata().getName(), sandbox.getState(), sandbox.getCreatedAt(),
            sandbox.getRuntimeHandler()));
    assertEquals(Map.of("app", "web"), sandbox.getLabelsMap());
    PodSandboxStatus status = SandboxTranslator.status(record);
    assertEquals("198.18.0.7", status.getNetwork().getIp());
    assertEquals(List.of("fd00::7"), status.getNetwork().getAdditionalIpsList().stream().map(ip -> ip.getIp()).toList());
    assertEquals(pod().getMetadata(), status.getMetadata());
    assertEquals(NamespaceMode.POD, status.getLinux().getNamespaces().getOptions().getPid());
    assertEquals(Map.of("a", "b"), status.getAnnotationsMap());
    assertEquals("runc", status.getRuntimeHandler());
  }
}

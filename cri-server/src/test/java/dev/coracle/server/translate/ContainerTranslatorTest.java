package dev.coracle.server.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.container.ContainerConfig;
import dev.coracle.core.container.ContainerConfig.Propagation;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.container.ContainerSecurity.NamespaceModes.Mode;
import dev.coracle.core.container.ContainerSecurity.Profile;
import dev.coracle.core.container.ContainerState;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.user.ResolvedUser;
import dev.coracle.core.oci.user.SupplementalGroupsPolicy;
import dev.coracle.cri.v1.Capability;
import dev.coracle.cri.v1.ContainerMetadata;
import dev.coracle.cri.v1.ContainerStatus;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.Int64Value;
import dev.coracle.cri.v1.KeyValue;
import dev.coracle.cri.v1.LinuxContainerConfig;
import dev.coracle.cri.v1.LinuxContainerResources;
import dev.coracle.cri.v1.LinuxContainerSecurityContext;
import dev.coracle.cri.v1.Mount;
import dev.coracle.cri.v1.MountPropagation;
import dev.coracle.cri.v1.NamespaceMode;
import dev.coracle.cri.v1.NamespaceOption;
import dev.coracle.cri.v1.SecurityProfile;
import dev.coracle.cri.v1.Signal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerTranslatorTest {

  private static dev.coracle.cri.v1.ContainerConfig.Builder minimal() {
    return dev.coracle.cri.v1.ContainerConfig.newBuilder()
        .setMetadata(ContainerMetadata.newBuilder().setName("web").setAttempt(2))
        .setImage(ImageSpec.newBuilder().setImage("busybox:1.36"));
  }

  @Test
  void config_minimal_takesDefaultsThatMeanNothingAskedFor() {
    ContainerConfig config = ContainerTranslator.config(minimal().build());
    assertEquals("web", config.name());
    assertEquals(2, config.attempt());
    assertEquals("busybox:1.36", config.image());
    assertEquals(CgroupLimits.NONE, config.resources());
    assertNull(config.oomScoreAdj());
    assertEquals(Profile.UNCONFINED, config.security().seccomp());
    assertEquals(Mode.POD, config.security().namespaces().network());
    assertEquals("", config.stopSignal());
  }

  @Test
  void config_windowsSection_keepsResourcesAndSecurity_zeroMeaningUnset() {
    ContainerConfig config = ContainerTranslator.config(minimal()
        .setWindows(dev.coracle.cri.v1.WindowsContainerConfig.newBuilder()
            .setResources(dev.coracle.cri.v1.WindowsContainerResources.newBuilder()
                .setCpuMaximum(2500).setMemoryLimitInBytes(512L << 20)
                .addAffinityCpus(dev.coracle.cri.v1.WindowsCpuGroupAffinity.newBuilder().setCpuMask(0x3).setCpuGroup(1)))
            .setSecurityContext(dev.coracle.cri.v1.WindowsContainerSecurityContext.newBuilder()
                .setRunAsUsername("ContainerAdministrator").setCredentialSpec("{\"CmsPlugins\":[]}").setHostProcess(true)))
        .build());
    var w = config.windows();
    assertEquals(2500L, w.resources().cpuMaximum());
    assertEquals(512L << 20, w.resources().memoryLimitBytes());
    assertEquals(null, w.resources().cpuCount());
    assertEquals(null, w.resources().cpuShares());
    assertEquals(java.util.List.of(new dev.coracle.core.container.WindowsResources.CpuAffinity(0x3, 1)),
        w.resources().affinity());
    assertEquals("ContainerAdministrator", w.runAsUsername());
    assertEquals("{\"CmsPlugins\":[]}", w.credentialSpec());
    assertTrue(w.hostProcess());
    assertEquals(dev.coracle.core.container.WindowsContainerOptions.NONE, ContainerTranslator.config(minimal().build()).windows());
  }

  @Test
  void config_noNameOrNoImage_isInvalidArgument() {
    assertThrows(InvalidArgumentException.class,
        () -> ContainerTranslator.config(minimal().clearMetadata().build()));
    assertThrows(InvalidArgumentException.class,
        () -> ContainerTranslator.config(minimal().setImage(ImageSpec.getDefaultInstance()).build()));
  }

  @Test
  void config_envsMountsAndResources_keepOrderAndMeaning() {
    ContainerConfig config = ContainerTranslator.config(minimal()
        .addEnvs(KeyValue.newBuilder().setKey("A").setValue(ByteString.copyFromUtf8("1=2")))
        .addEnvs(KeyValue.newBuilder().setKey("B").setValue(ByteString.copyFromUtf8("")))
        .addMounts(Mount.newBuilder().setContainerPath("/data").setHostPath("/srv").setReadonly(true)
            .setRecursiveReadOnly(true).setPropagation(MountPropagation.PROPAGATION_HOST_TO_CONTAINER))
        .addMounts(Mount.newBuilder().setContainerPath("/img").setImage(ImageSpec.newBuilder().setImage("tools"))
            .setImageSubPath("bin"))
        .setLinux(LinuxContainerConfig.newBuilder().setResources(LinuxContainerResources.newBuilder()
            .setCpuShares(512).setMemoryLimitInBytes(64 << 20).setOomScoreAdj(-998).setCpusetCpus("0")))
        .build());
    assertEquals(List.of("A=1=2", "B="), config.env());
    ContainerConfig.MountRequest data = config.mounts().get(0);
    assertTrue(data.readonly() && data.recursiveReadOnly());
    assertEquals(Propagation.HOST_TO_CONTAINER, data.propagation());
    assertFalse(data.isImage());
    assertTrue(config.mounts().get(1).isImage());
    assertEquals("bin", config.mounts().get(1).imageSubPath());
    assertEquals(512L, config.resources().cpuShares());
    assertEquals(64L << 20, config.resources().memoryLimitBytes());
    assertNull(config.resources().cpuQuota(), "a zero quota means none was asked for");
    assertEquals("0", config.resources().cpusetCpus());
    assertEquals(-998, config.oomScoreAdj());
  }

  @Test
  void config_recursiveReadOnlyWithoutReadOnly_isRefused() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ContainerTranslator.config(
        minimal().addMounts(Mount.newBuilder().setContainerPath("/d").setHostPath("/d").setRecursiveReadOnly(true))
            .build()));
    assertTrue(e.getMessage().contains("recursive_read_only"), e.getMessage());
  }

  @Test
  void config_securityContext_mapsEveryField() {
    LinuxContainerSecurityContext security = LinuxContainerSecurityContext.newBuilder()
        .setCapabilities(Capability.newBuilder().addAddCapabilities("NET_ADMIN").addDropCapabilities("CHOWN")
            .addAddAmbientCapabilities("NET_BIND_SERVICE"))
        .setPrivileged(true)
        .setRunAsUser(Int64Value.newBuilder().setValue(1000).build()).setRunAsGroup(Int64Value.newBuilder().setValue(3000).build()).addSupplementalGroups(4000)
        .setSupplementalGroupsPolicy(dev.coracle.cri.v1.SupplementalGroupsPolicy.Strict)
        .setReadonlyRootfs(true).setNoNewPrivs(true)
        .addMaskedPaths("/proc/kcore").addReadonlyPaths("/proc/sys")
        .setSeccomp(SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.Localhost)
            .setLocalhostRef("/etc/seccomp/p.json"))
        .setNamespaceOptions(NamespaceOption.newBuilder().setNetwork(NamespaceMode.NODE).setPid(NamespaceMode.TARGET)
            .setTargetId("abc"))
        .build();
    var s = ContainerTranslator.security(security);
    assertEquals(List.of("NET_ADMIN"), s.addCapabilities());
    assertEquals(List.of("CHOWN"), s.dropCapabilities());
    assertEquals(List.of("NET_BIND_SERVICE"), s.addAmbientCapabilities());
    assertTrue(s.privileged() && s.readonlyRootfs() && s.noNewPrivs());
    assertEquals(1000L, s.runAsUser());
    assertEquals(3000L, s.runAsGroup());
    assertEquals(List.of(4000L), s.supplementalGroups());
    assertEquals(SupplementalGroupsPolicy.STRICT, s.supplementalGroupsPolicy());
    assertEquals(new Profile(Profile.Kind.LOCALHOST, "/etc/seccomp/p.json"), s.seccomp());
    assertEquals(Mode.NODE, s.namespaces().network());
    assertEquals(Mode.TARGET, s.namespaces().pid());
    assertEquals("abc", s.namespaces().targetId());
  }

  @Test
  void security_targetPidWithoutTarget_isRefused() {
    assertThrows(InvalidArgumentException.class, () -> ContainerTranslator.security(
        LinuxContainerSecurityContext.newBuilder()
            .setNamespaceOptions(NamespaceOption.newBuilder().setPid(NamespaceMode.TARGET)).build()));
  }

  @ParameterizedTest
  @CsvSource({
      "'', UNCONFINED, ''",
      "unconfined, UNCONFINED, ''",
      "runtime/default, RUNTIME_DEFAULT, ''",
      "docker/default, RUNTIME_DEFAULT, ''",
      "localhost/profiles/a.json, LOCALHOST, profiles/a.json"})
  void legacyProfile_eachForm(String text, Profile.Kind kind, String ref) {
    assertEquals(new Profile(kind, ref), ContainerTranslator.legacyProfile(text, "seccomp"));
  }

  @Test
  void legacyApparmor_empty_isTheRuntimeDefaultUnlikeSeccomp() {
    assertEquals(Profile.RUNTIME_DEFAULT, ContainerTranslator.legacyApparmor(""));
    assertEquals(Profile.UNCONFINED, ContainerTranslator.legacyApparmor("unconfined"));
    assertEquals(Profile.RUNTIME_DEFAULT, ContainerTranslator.config(minimal().build()).security().apparmor());
  }

  @Test
  void legacyProfile_unknown_isRefused() {
    assertThrows(InvalidArgumentException.class, () -> ContainerTranslator.legacyProfile("strict", "seccomp"));
  }

  @Test
  void profile_emptySecurityProfileMessage_isRuntimeDefault() {
    assertEquals(Profile.RUNTIME_DEFAULT, ContainerTranslator.profile(SecurityProfile.getDefaultInstance()));
  }

  @ParameterizedTest
  @CsvSource({
      "RUNTIME_DEFAULT, ''",
      "SIGTERM, SIGTERM",
      "SIGKILL, SIGKILL",
      "SIGRTMINPLUS3, SIGRTMIN+3",
      "SIGRTMAXMINUS2, SIGRTMAX-2"})
  void signalName_andBack(Signal signal, String name) {
    assertEquals(name, ContainerTranslator.signalName(signal));
    assertEquals(signal, ContainerTranslator.signal(name));
  }

  @Test
  void status_windowsContainer_reportsItsWindowsLimits_andNoLinuxUser() {
    ContainerConfig config = ContainerTranslator.config(minimal()
        .setWindows(dev.coracle.cri.v1.WindowsContainerConfig.newBuilder().setResources(
            dev.coracle.cri.v1.WindowsContainerResources.newBuilder().setCpuMaximum(2500).setMemoryLimitInBytes(1 << 29)))
        .build());
    ContainerRecord record = new ContainerRecord("c1", "p1", config, "sha256:aa", "servercore@sha256:bb",
        "servercore:ltsc2022", "runhcs-wcow-process", "", "", "\\\\?\\Volume{1}\\", null, "", 50,
        ContainerRecord.Status.created(0, CgroupLimits.NONE));
    ContainerStatus wire = ContainerTranslator.status(record);
    assertEquals(2500, wire.getResources().getWindows().getCpuMaximum());
    assertEquals(1 << 29, wire.getResources().getWindows().getMemoryLimitInBytes());
    assertFalse(wire.getResources().hasLinux());
    assertFalse(wire.hasUser());
  }

  @Test
  void status_exitedContainer_reportsEveryField() {
    ContainerConfig config = ContainerTranslator.config(minimal()
        .putLabels("app", "web").setLogPath("web/0.log")
        .addMounts(Mount.newBuilder().setContainerPath("/data").setHostPath("/srv").setReadonly(true))
        .setLinux(LinuxContainerConfig.newBuilder().setResources(LinuxContainerResources.newBuilder()
            .setMemoryLimitInBytes(1 << 20).setOomScoreAdj(5)))
        .build());
    ContainerRecord.Status status = ContainerRecord.Status.created(42, config.resources())
        .started(100).exited(200, 137, "OOMKilled", "");
    ContainerRecord record = new ContainerRecord("c1", "p1", config, "sha256:aa", "busybox@sha256:bb",
        "docker.io/library/busybox:1.36", "runc", "/coracle/p/c", "/var/log/pods/x/web/0.log", "/rootfs",
        new ResolvedUser(1000, 1000, List.of(10L), "u", "/home/u"), "SIGTERM", 50, status);
    ContainerStatus wire = ContainerTranslator.status(record);
    assertEquals(dev.coracle.cri.v1.ContainerState.CONTAINER_EXITED, wire.getState());
    assertEquals(50, wire.getCreatedAt());
    assertEquals(100, wire.getStartedAt());
    assertEquals(200, wire.getFinishedAt());
    assertEquals(137, wire.getExitCode());
    assertEquals("OOMKilled", wire.getReason());
    assertEquals("busybox@sha256:bb", wire.getImageRef());
    assertEquals("sha256:aa", wire.getImageId());
    assertEquals("docker.io/library/busybox:1.36", wire.getImage().getImage());
    assertEquals(Map.of("app", "web"), wire.getLabelsMap());
    assertEquals("/var/log/pods/x/web/0.log", wire.getLogPath());
    assertEquals("/srv", wire.getMounts(0).getHostPath());
    assertTrue(wire.getMounts(0).getReadonly());
    assertEquals(1 << 20, wire.getResources().getLinux().getMemoryLimitInBytes());
    assertEquals(5, wire.getResources().getLinux().getOomScoreAdj());
    assertEquals(1000, wire.getUser().getLinux().getUid());
    assertEquals(List.of(10L), wire.getUser().getLinux().getSupplementalGroupsList());
    assertEquals(Signal.SIGTERM, wire.getStopSignal());
    assertEquals(ContainerState.EXITED, record.state());
  }

  @Test
  void status_windowsContainer_hasNoLinuxUser() {
    ContainerConfig config = ContainerTranslator.config(minimal().build());
    ContainerRecord record = new ContainerRecord("c1", "p1", config, "sha256:aa", "servercore@sha256:bb",
        "servercore:ltsc2022", "runhcs-wcow-process", "", "/logs/c.log", "C:\\", null, "", 50,
        ContainerRecord.Status.created(0, config.resources()));
    ContainerStatus wire = ContainerTranslator.status(record);
    assertFalse(wire.hasUser(), wire.getUser().toString());
    assertEquals("c1", wire.getId());
  }
}

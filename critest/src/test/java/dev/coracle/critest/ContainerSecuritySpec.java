package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.cri.v1.Capability;
import dev.coracle.cri.v1.ContainerConfig;
import dev.coracle.cri.v1.Int64Value;
import dev.coracle.cri.v1.LinuxContainerConfig;
import dev.coracle.cri.v1.LinuxContainerSecurityContext;
import dev.coracle.cri.v1.LinuxSandboxSecurityContext;
import dev.coracle.cri.v1.PodSandboxConfig;
import dev.coracle.cri.v1.SecurityProfile;
import dev.coracle.critest.Pods.Pod;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Container security")
class ContainerSecuritySpec extends PodSpecBase {

  // Capability numbers from linux/capability.h.
  private static final int CAP_CHOWN = 0;
  private static final int CAP_NET_ADMIN = 12;
  private static final int CAP_SYS_ADMIN = 21;

  /** What kubelet masks by default (its list for the Default proc mount type). */
  private static final List<String> KUBELET_MASKED_PATHS = List.of("/proc/acpi", "/proc/kcore", "/proc/keys",
      "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
      "/sys/firmware");


  /** Starts a long-running container in a new pod with {@code security} merged into its context. */
  private String running(String name, LinuxContainerSecurityContext.Builder security) {
    return running(pods.config(name), name, security);
  }

  private String running(PodSandboxConfig.Builder podConfig, String name,
      LinuxContainerSecurityContext.Builder security) {
    Pod pod = pods.run(podConfig);
    ContainerConfig.Builder container = pods.shell(name, Pods.UNTIL_TERM)
        .mergeLinux(LinuxContainerConfig.newBuilder().setSecurityContext(security).build());
    return pods.start(pod, container);
  }

  /** The fields of /proc/self/status as a shell in the container sees them. */
  private Map<String, String> procStatus(String containerId) {
    return pods.sh(containerId, "cat /proc/self/status").lines()
        .map(line -> line.split(":\\s*", 2))
        .filter(kv -> kv.length == 2)
        .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1].strip(), (a, b) -> a));
  }

  private BigInteger effectiveCaps(String containerId) {
    return new BigInteger(procStatus(containerId).get("CapEff"), 16);
  }

  private static List<String> words(String text) {
    return Arrays.asList(text.strip().split("\\s+"));
  }

  @Test
  @DisplayName("run_as_user, run_as_group and supplemental_groups set the process's IDs")
  void securityContext_userAndGroups() {
    String id = running("ids", LinuxContainerSecurityContext.newBuilder()
        .setRunAsUser(Int64Value.newBuilder().setValue(1000)).setRunAsGroup(Int64Value.newBuilder().setValue(2000)).addSupplementalGroups(3000));
    assertEquals("1000", pods.sh(id, "id -u").strip());
    assertEquals("2000", pods.sh(id, "id -g").strip());
    List<String> groups = words(pods.sh(id, "id -G"));
    assertTrue(groups.contains("3000"), groups::toString);
    assertTrue(groups.contains("2000"), groups::toString);
    assertFalse(groups.contains("0"), groups::toString);
    // The main process too, not only what ExecSync starts.
    Map<String, String> main = Arrays.stream(pods.sh(id, "cat /proc/1/status").split("\n"))
        .map(l -> l.split(":\\s*", 2)).filter(kv -> kv.length == 2)
        .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1].strip(), (a, b) -> a));
    assertEquals("1000", words(main.get("Uid")).get(0));
    assertEquals("2000", words(main.get("Gid")).get(0));
    assertTrue(words(main.get("Groups")).contains("3000"), main::toString);
  }

  @Test
  @DisplayName("run_as_user alone takes the image user's groups from its /etc/group")
  void securityContext_userOnly() {
    String id = running("user-only", LinuxContainerSecurityContext.newBuilder().setRunAsUser(Int64Value.newBuilder().setValue(1000)));
    assertEquals("1000", pods.sh(id, "id -u").strip());
    assertEquals("1000", pods.sh(id, "id -g").strip());
    assertTrue(words(pods.sh(id, "id -G")).contains("2000"), "app is in group extra (2000) in the image");
  }

  @Test
  @DisplayName("capabilities: an added one is effective, a dropped one is not")
  void securityContext_capabilities() {
    String plain = running("caps-default", LinuxContainerSecurityContext.newBuilder());
    BigInteger defaults = effectiveCaps(plain);
    assertTrue(defaults.testBit(CAP_CHOWN), "CHOWN is in every runtime's default set");
    assertFalse(defaults.testBit(CAP_NET_ADMIN), "NET_ADMIN is in no runtime's default set");
    String changed = running("caps", LinuxContainerSecurityContext.newBuilder()
        .setCapabilities(Capability.newBuilder().addAddCapabilities("NET_ADMIN").addDropCapabilities("CHOWN")));
    BigInteger effective = effectiveCaps(changed);
    assertTrue(effective.testBit(CAP_NET_ADMIN), () -> "CapEff " + effective.toString(16));
    assertFalse(effective.testBit(CAP_CHOWN), () -> "CapEff " + effective.toString(16));
    assertTrue(pods.exec(changed, "chown", "1000", "/tmp").getExitCode() != 0, "chown needs CAP_CHOWN");
  }

  @Test
  @DisplayName("no_new_privs: the process has NoNewPrivs 1, and 0 without it")
  void securityContext_noNewPrivs() {
    assertEquals("1", procStatus(running("nnp", LinuxContainerSecurityContext.newBuilder().setNoNewPrivs(true)))
        .get("NoNewPrivs"));
    assertEquals("0", procStatus(running("no-nnp", LinuxContainerSecurityContext.newBuilder())).get("NoNewPrivs"));
  }

  @Test
  @DisplayName("seccomp RuntimeDefault: the process runs under a filter (Seccomp 2); Unconfined: none (0)")
  void securityContext_seccomp() {
    String confined = running("seccomp", LinuxContainerSecurityContext.newBuilder()
        .setSeccomp(SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.RuntimeDefault)));
    assertEquals("2", procStatus(confined).get("Seccomp"));
    String unconfined = running("unconfined", LinuxContainerSecurityContext.newBuilder()
        .setSeccomp(SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.Unconfined)));
    assertEquals("0", procStatus(unconfined).get("Seccomp"));
  }

  @Test
  @DisplayName("privileged: every capability, no seccomp filter, host devices")
  void securityContext_privileged() {
    PodSandboxConfig.Builder pod = pods.config("privileged");
    pod.getLinuxBuilder().setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
        .mergeFrom(pod.getLinux().getSecurityContext()).setPrivileged(true));
    String id = running(pod, "privileged", LinuxContainerSecurityContext.newBuilder().setPrivileged(true));
    Map<String, String> status = procStatus(id);
    BigInteger effective = new BigInteger(status.get("CapEff"), 16);
    assertTrue(effective.testBit(CAP_SYS_ADMIN) && effective.testBit(CAP_NET_ADMIN), effective::toString);
    assertEquals(new BigInteger(status.get("CapBnd"), 16), effective, "all of the bounding set is effective");
    assertEquals("0", status.get("Seccomp"));
    assertEquals(0, pods.exec(id, "test", "-e", "/dev/kmsg").getExitCode(), "host devices are visible");
    String plain = running("unprivileged", LinuxContainerSecurityContext.newBuilder());
    assertFalse(effectiveCaps(plain).testBit(CAP_SYS_ADMIN));
    assertTrue(pods.exec(plain, "test", "-e", "/dev/kmsg").getExitCode() != 0);
  }

  @Test
  @DisplayName("masked_paths: each masked file is /dev/null (reads empty), each masked directory is empty")
  void securityContext_maskedPaths() {
    // The container's /proc and /sys show this kernel's entries: mask what the host has (no
    // /proc/kcore on kernels built without it).
    List<Path> present = KUBELET_MASKED_PATHS.stream().map(Path::of).filter(Files::exists).toList();
    List<Path> files = present.stream().filter(Files::isRegularFile).toList();
    List<Path> dirs = present.stream().filter(Files::isDirectory).toList();
    assertTrue(files.contains(Path.of("/proc/keys")) && !dirs.isEmpty(), present::toString);
    String masked = running("masked", LinuxContainerSecurityContext.newBuilder()
        .addAllMaskedPaths(KUBELET_MASKED_PATHS));
    for (Path file : files) {
      assertEquals("character special file", pods.sh(masked, "stat -L -c %F " + file).strip(), file::toString);
      assertEquals("", pods.sh(masked, "cat " + file), file::toString);
    }
    for (Path dir : dirs) {
      assertEquals("", pods.sh(masked, "ls -A " + dir), dir::toString);
    }
    String plain = running("unmasked", LinuxContainerSecurityContext.newBuilder());
    // procfs files report size 0: stat calls them "regular empty file".
    String kind = pods.sh(plain, "stat -L -c %F /proc/keys").strip();
    assertTrue(kind.startsWith("regular"), () -> "without masked_paths /proc/keys is the kernel's file: " + kind);
  }

}

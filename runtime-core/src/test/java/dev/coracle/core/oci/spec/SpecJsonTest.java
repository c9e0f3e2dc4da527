package dev.coracle.core.oci.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecJsonTest {

  private static final ObjectMapper PLAIN = new ObjectMapper();

  /** Every record and every field set, so a misnamed or unmapped field shows up as a difference. */
  static Spec fullSpec() {
    Process process = new Process(
        true,
        new Process.ConsoleSize(24, 80),
        new Process.User(1000, 1000, 022, List.of(4L, 27L)),
        List.of("/bin/sh", "-c", "echo hi"),
        List.of("PATH=/usr/bin:/bin", "HOME=/home/app"),
        "/home/app",
        new Process.Capabilities(List.of("CAP_CHOWN", "CAP_KILL"), List.of("CAP_CHOWN"), List.of("CAP_KILL"),
            List.of("CAP_CHOWN", "CAP_KILL"), List.of("CAP_KILL")),
        List.of(new Process.Rlimit("RLIMIT_NOFILE", 1048576, 1024),
            new Process.Rlimit("RLIMIT_CORE", Process.Rlimit.UNLIMITED, Process.Rlimit.UNLIMITED)),
        true,
        "cri-containerd.apparmor.d",
        -998,
        "system_u:system_r:container_t:s0:c1,c2");
    Resources resources = new Resources(
        List.of(Resources.DeviceRule.denyAll(), new Resources.DeviceRule(true, "c", 1L, 3L, "rwm")),
        new Resources.Memory(1L << 30, 1L << 29, -1L, 0L, 0L, 60L, false, true, false),
        new Resources.Cpu(1024L, 50000L, 0L, 100000L, 0L, 0L, "0-1", "0", 0L),
        new Resources.Pids(4096),
        List.of(new Resources.HugepageLimit("2MB", 1L << 21)),
        Map.of("memory.high", "1073741824"));
    Seccomp seccomp = new Seccomp("SCMP_ACT_ERRNO", 1, List.of("SCMP_ARCH_X86_64"), List.of("SECCOMP_FILTER_FLAG_LOG"),
        "/run/seccomp.sock", "meta",
        List.of(Seccomp.Syscall.allow(List.of("read", "write")),
            new Seccomp.Syscall(List.of("clone"), "SCMP_ACT_ALLOW", null,
                List.of(new Seccomp.Arg(0, 0x7E020000L, 0L, "SCMP_CMP_MASKED_EQ"))),
            new Seccomp.Syscall(List.of("keyctl"), "SCMP_ACT_ERRNO", 38, null)));
    Linux linux = new Linux(
        List.of(Linux.Namespace.fresh("pid"), new Linux.Namespace("network", "/run/coracle/ns/net/abc")),
        List.of(new Linux.IdMapping(0, 100000, 65536)),
        List.of(new Linux.IdMapping(0, 100000, 65536)),
        List.of(new Linux.Device("/dev/fuse", "c", 10L, 229L, 0666, 0L, 0L)),
        "/kubepods/pod1/abc",
        resources,
        Map.of("net.ipv4.ip_forward", "1"),
        seccomp,
        "rslave",
        List.of("/proc/kcore"),
        List.of("/proc/sys"),
        "system_u:object_r:container_file_t:s0",
        new Linux.IntelRdt("guaranteed", "L3:0=ff", "MB:0=50", true, false));
    Spec.Hook hook = new Spec.Hook("/usr/bin/hook", List.of("hook", "arg"), List.of("A=1"), 5);
    return Spec.empty()
        .withProcess(process)
        .withRoot(new Spec.Root("rootfs", true))
        .withHostname("pod")
        .withDomainname("example.org")
        .withMounts(List.of(new Spec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"))))
        .withHooks(new Spec.Hooks(List.of(hook), List.of(hook), List.of(hook), List.of(hook), List.of(hook),
            List.of(hook)))
        .withAnnotations(Map.of("io.kubernetes.cri.container-type", "container"))
        .withLinux(linux);
  }

  @Test
  void write_fullSpec_readsBackEqual() throws IOException {
    Spec spec = fullSpec();
    assertEquals(spec, SpecJson.read(SpecJson.write(spec), Spec.class));
  }

  @Test
  void write_nullFields_areLeftOut() throws IOException {
    Spec spec = Spec.empty().withProcess(Process.of(Process.User.of(0, 0), List.of("sh"), "/"));
    JsonNode json = PLAIN.readTree(SpecJson.write(spec));
    assertEquals(List.of("ociVersion", "process"), fieldNames(json));
    assertEquals(List.of("user", "args", "cwd"), fieldNames(json.get("process")));
    assertEquals(List.of("uid", "gid"), fieldNames(json.get("process").get("user")));
    assertEquals(spec, SpecJson.read(SpecJson.write(spec), Spec.class));
  }

  @Test
  void write_emptyList_isKeptAndReadsBackEmpty() throws IOException {
    Spec spec = Spec.empty().withLinux(Linux.empty().withMaskedPaths(List.of(), null));
    JsonNode json = PLAIN.readTree(SpecJson.write(spec));
    assertTrue(json.get("linux").get("maskedPaths").isArray());
    assertFalse(json.get("linux").has("readonlyPaths"));
    assertEquals(spec, SpecJson.read(SpecJson.write(spec), Spec.class));
  }

  @Test
  void write_fieldNames_areTheSpecs() throws IOException {
    JsonNode json = PLAIN.readTree(SpecJson.write(fullSpec()));
    JsonNode linux = json.get("linux");
    assertEquals(List.of("containerID", "hostID", "size"), fieldNames(linux.get("uidMappings").get(0)));
    assertEquals(List.of("closID", "l3CacheSchema", "memBwSchema", "enableCMT", "enableMBM"),
        fieldNames(linux.get("intelRdt")));
    assertEquals(List.of("limit", "reservation", "swap", "kernel", "kernelTCP", "swappiness", "disableOOMKiller",
        "useHierarchy", "checkBeforeUpdate"), fieldNames(linux.get("resources").get("memory")));
    assertEquals(List.of("index", "value", "valueTwo", "op"),
        fieldNames(linux.get("seccomp").get("syscalls").get(1).get("args").get(0)));
    assertEquals(List.of("terminal", "consoleSize", "user", "args", "env", "cwd", "capabilities", "rlimits",
        "noNewPrivileges", "apparmorProfile", "oomScoreAdj", "selinuxLabel"), fieldNames(json.get("process")));
    assertEquals(List.of("uid", "gid", "umask", "additionalGids"), fieldNames(json.get("process").get("user")));
  }

  @Test
  void write_unlimitedRlimit_isTwoToTheSixtyFourMinusOne() throws IOException {
    JsonNode rlimit = PLAIN.readTree(SpecJson.write(fullSpec())).get("process").get("rlimits").get(1);
    assertEquals("18446744073709551615", rlimit.get("hard").asText());
    assertEquals("18446744073709551615", rlimit.get("soft").asText());
  }

  @Test
  void read_unsignedOutOfRange_isRefused() {
    byte[] json = "{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551616,\"soft\":0}".getBytes(StandardCharsets.UTF_8);
    assertThrows(IOException.class, () -> SpecJson.read(json, Process.Rlimit.class));
    byte[] negative = "{\"type\":\"RLIMIT_CORE\",\"hard\":-1,\"soft\":0}".getBytes(StandardCharsets.UTF_8);
    assertThrows(IOException.class, () -> SpecJson.read(negative, Process.Rlimit.class));
  }

  @Test
  void read_unknownFields_areIgnored() throws IOException {
    byte[] json = "{\"ociVersion\":\"1.2.0\",\"hostname\":\"h\",\"vm\":{\"hypervisor\":{}}}".getBytes(StandardCharsets.UTF_8);
    assertEquals(new Spec("1.2.0", null, null, "h", null, null, null, null, null), SpecJson.read(json, Spec.class));
  }

  private static List<String> fieldNames(JsonNode node) {
    return node.properties().stream().map(Map.Entry::getKey).toList();
  }
}

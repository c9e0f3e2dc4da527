package dev.coracle.core.oci.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.spec.Seccomp;
import dev.coracle.core.oci.spec.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeccompProfilesTest {

  private static final int EPERM = 1;
  private static final int ENOSYS = 38;
  private static final long NAMESPACE_FLAGS = 0x7E020000L;

  private static final SeccompProfiles X86 = new SeccompProfiles(Arch.X86_64, new KernelVersion(6, 18));

  @TempDir
  Path dir;

  private static Set<String> defaultsPlus(String... caps) {
    Set<String> set = new HashSet<>(Capabilities.DEFAULT);
    set.addAll(List.of(caps));
    return set;
  }

  /** Allowed whatever its arguments. */
  private static boolean allowed(Seccomp seccomp, String name) {
    return rulesFor(seccomp, name).stream()
        .anyMatch(rule -> rule.action().equals("SCMP_ACT_ALLOW") && (rule.args() == null || rule.args().isEmpty()));
  }

  /** Neither allowed nor answered by a rule: the default action, EPERM. */
  private static boolean refusedByDefault(Seccomp seccomp, String name) {
    return rulesFor(seccomp, name).isEmpty();
  }

  private static Integer errnoOf(Seccomp seccomp, String name) {
    return rulesFor(seccomp, name).stream().filter(rule -> rule.action().equals("SCMP_ACT_ERRNO"))
        .map(Seccomp.Syscall::errnoRet).findFirst().orElse(null);
  }

  private static List<Seccomp.Syscall> rulesFor(Seccomp seccomp, String name) {
    return seccomp.syscalls().stream().filter(rule -> rule.names().contains(name)).toList();
  }

  @Test
  void runtimeDefault_isAnAllowListAnsweringEperm() {
    Seccomp seccomp = X86.runtimeDefault();
    assertEquals("SCMP_ACT_ERRNO", seccomp.defaultAction());
    assertEquals(EPERM, seccomp.defaultErrnoRet());
  }

  @Test
  void runtimeDefault_architectures_coverTheCompatibleAbis() {
    assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), X86.runtimeDefault().architectures());
    SeccompProfiles arm = new SeccompProfiles(Arch.AARCH64, new KernelVersion(6, 1));
    assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), arm.runtimeDefault().architectures());
  }

  @ParameterizedTest
  @ValueSource(strings = {"read", "write", "openat", "close", "execve", "exit_group", "exit", "mmap", "mprotect",
      "brk", "futex", "rt_sigaction", "rt_sigreturn", "wait4", "fork", "vfork", "newfstatat", "statx", "getdents64",
      "epoll_pwait", "accept4", "connect", "sendmsg", "prctl", "set_robust_list", "rseq", "getrandom", "pipe2",
      "dup3", "ioctl", "fcntl", "chown", "setuid", "setgroups", "capset", "kill", "nanosleep", "clock_gettime",
      "shmget", "semop", "mq_open", "mknodat", "memfd_create", "seccomp", "chroot", "ptrace", "process_vm_readv",
      "open", "stat", "mmap2", "_llseek", "fstat64", "socketcall", "ipc", "clock_gettime64"})
  void runtimeDefault_ordinaryCalls_areAllowed(String name) {
    assertTrue(allowed(X86.runtimeDefault(), name), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "mount",
      "umount2", "reboot", "swapon", "swapoff", "pivot_root", "bpf", "perf_event_open", "setns", "modify_ldt",
      "uselib", "acct", "settimeofday", "clock_settime", "syslog", "iopl", "ioperm", "userfaultfd",
      "open_by_handle_at", "fsopen", "move_mount", "open_tree", "quotactl", "sethostname", "vhangup", "move_pages",
      "lookup_dcookie", "_sysctl", "nfsservctl"})
  void runtimeDefault_privilegedCalls_areRefusedWithEperm(String name) {
    assertTrue(refusedByDefault(X86.runtimeDefault(), name), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"clone3", "io_uring_setup", "io_uring_enter", "io_uring_register", "keyctl", "add_key",
      "request_key"})
  void runtimeDefault_callsWithAFallback_areAnsweredEnosys(String name) {
    Seccomp seccomp = X86.runtimeDefault();
    assertEquals(ENOSYS, errnoOf(seccomp, name), name);
    assertFalse(allowed(seccomp, name), name);
  }

  @Test
  void runtimeDefault_clone_onlyWithoutNamespaceFlags() {
    Seccomp seccomp = X86.runtimeDefault();
    assertFalse(allowed(seccomp, "clone"));
    assertEquals(List.of(new Seccomp.Syscall(List.of("clone"), "SCMP_ACT_ALLOW", null,
        List.of(new Seccomp.Arg(0, NAMESPACE_FLAGS, 0L, "SCMP_CMP_MASKED_EQ")))), rulesFor(seccomp, "clone"));
  }

  @Test
  void runtimeDefault_unshare_onlyWithoutNamespaceFlagsTimeIncluded() {
    List<Seccomp.Syscall> rules = rulesFor(X86.runtimeDefault(), "unshare");
    assertEquals(List.of(new Seccomp.Arg(0, NAMESPACE_FLAGS | 0x80, 0L, "SCMP_CMP_MASKED_EQ")),
        rules.get(0).args());
    assertEquals(1, rules.size());
  }

  @Test
  void runtimeDefault_personality_onlySafePersonas() {
    List<Long> values = rulesFor(X86.runtimeDefault(), "personality").stream()
        .peek(rule -> assertEquals("SCMP_ACT_ALLOW", rule.action()))
        .flatMap(rule -> rule.args().stream())
        .peek(arg -> assertEquals("SCMP_CMP_EQ", arg.op()))
        .map(Seccomp.Arg::value).toList();
    assertEquals(List.of(0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL), values);
  }

  @Test
  void runtimeDefault_socket_everyFamilyButVsock() {
    assertEquals(List.of(new Seccomp.Syscall(List.of("socket"), "SCMP_ACT_ALLOW", null,
        List.of(new Seccomp.Arg(0, 40, null, "SCMP_CMP_NE")))), rulesFor(X86.runtimeDefault(), "socket"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mount", "umount2", "pivot_root", "unshare", "setns", "clone", "clone3", "bpf",
      "perf_event_open", "fsopen", "sethostname"})
  void runtimeDefault_withSysAdmin_opensAdminCalls(String name) {
    Seccomp seccomp = X86.runtimeDefault(defaultsPlus("CAP_SYS_ADMIN"));
    assertTrue(allowed(seccomp, name), name);
    assertNull(errnoOf(seccomp, name), name);
  }

  @Test
  void runtimeDefault_withSysAdmin_dropsTheNamespaceArgumentRules() {
    Seccomp seccomp = X86.runtimeDefault(defaultsPlus("CAP_SYS_ADMIN"));
    assertEquals(1, rulesFor(seccomp, "clone").size());
    assertEquals(1, rulesFor(seccomp, "unshare").size());
    assertEquals(1, rulesFor(seccomp, "clone3").size());
  }

  @Test
  void runtimeDefault_capabilityGatedCalls_followTheirCapability() {
    Map<String, String> gated = Map.of("CAP_BPF", "bpf", "CAP_PERFMON", "perf_event_open", "CAP_SYS_BOOT", "reboot",
        "CAP_SYS_MODULE", "init_module", "CAP_SYS_RAWIO", "iopl", "CAP_SYS_TIME", "clock_settime",
        "CAP_SYSLOG", "syslog", "CAP_SYS_PACCT", "acct", "CAP_SYS_PTRACE", "userfaultfd",
        "CAP_DAC_READ_SEARCH", "open_by_handle_at");
    gated.forEach((cap, call) -> {
      assertTrue(allowed(X86.runtimeDefault(defaultsPlus(cap)), call), cap + " opens " + call);
      assertFalse(allowed(X86.runtimeDefault(defaultsPlus(cap)), "mount"), cap + " does not open mount");
    });
  }

  @Test
  void runtimeDefault_capabilityNamesInAnySpelling_match() {
    assertTrue(allowed(X86.runtimeDefault(Set.of("sys_admin")), "mount"));
    assertTrue(allowed(X86.runtimeDefault(Set.of("CAP_SYS_ADMIN")), "mount"));
  }

  @Test
  void runtimeDefault_withoutSysChroot_refusesChroot() {
    Set<String> caps = new HashSet<>(Capabilities.DEFAULT);
    caps.remove("CAP_SYS_CHROOT");
    assertTrue(refusedByDefault(X86.runtimeDefault(caps), "chroot"));
  }

  @Test
  void runtimeDefault_everyCapability_stillRefusesKexecAndSwap() {
    Seccomp seccomp = X86.runtimeDefault(Set.copyOf(Capabilities.KNOWN));
    for (String name : List.of("kexec_load", "kexec_file_load", "swapon", "swapoff", "modify_ldt")) {
      assertTrue(refusedByDefault(seccomp, name), name);
    }
  }

  @Test
  void runtimeDefault_kernelBefore48_refusesPtrace() {
    Seccomp old = new SeccompProfiles(Arch.X86_64, new KernelVersion(4, 4)).runtimeDefault();
    assertTrue(refusedByDefault(old, "ptrace"));
    assertTrue(refusedByDefault(old, "process_vm_writev"));
    assertTrue(allowed(new SeccompProfiles(Arch.X86_64, new KernelVersion(4, 8)).runtimeDefault(), "ptrace"));
  }

  /**
   * libseccomp refuses a rule for a call that already has an unconditional rule with another
   * action, and the runtime then fails the container: a call allowed or refused outright has no
   * rule answering otherwise.
   */
  @Test
  void runtimeDefault_noCallHasConflictingRules() {
    for (Set<String> caps : List.of(Set.copyOf(Capabilities.DEFAULT), Set.copyOf(Capabilities.KNOWN), Set.<String>of())) {
      Seccomp seccomp = X86.runtimeDefault(caps);
      Map<String, String> unconditional = new HashMap<>();
      for (Seccomp.Syscall rule : seccomp.syscalls()) {
        if (rule.args() == null || rule.args().isEmpty()) {
          for (String name : rule.names()) {
            String before = unconditional.putIfAbsent(name, rule.action() + rule.errnoRet());
            assertTrue(before == null || before.equals(rule.action() + rule.errnoRet()), name + " with " + caps);
          }
        }
      }
      for (Seccomp.Syscall rule : seccomp.syscalls()) {
        if (rule.args() != null && !rule.args().isEmpty()) {
          rule.names().forEach(name -> assertFalse(unconditional.containsKey(name), name + " with " + caps));
        }
      }
    }
  }

  @Test
  void runtimeDefault_written_isPlainOciWithoutProfileExtensions() throws IOException {
    Seccomp seccomp = X86.runtimeDefault();
    byte[] json = SpecJson.write(seccomp);
    assertEquals(seccomp, SpecJson.read(json, Seccomp.class));
    String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
    for (String extension : List.of("includes", "excludes", "comment", "archMap", "minKernel")) {
      assertFalse(text.contains(extension), extension);
    }
    JsonNode tree = new ObjectMapper().readTree(json);
    assertEquals(2114060288L, tree.at("/syscalls/1/args/0/value").asLong());
  }

  @Test
  void localhost_ociProfile_isReadAsWritten() throws IOException {
    Path file = Files.writeString(dir.resolve("oci.json"), """
        {"defaultAction": "SCMP_ACT_LOG", "architectures": ["SCMP_ARCH_X86_64"], "flags": ["SECCOMP_FILTER_FLAG_LOG"],
         "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
                       "args": [{"index": 1, "value": 511, "op": "SCMP_CMP_EQ"}]}]}
        """);
    assertEquals(new Seccomp("SCMP_ACT_LOG", null, List.of("SCMP_ARCH_X86_64"), List.of("SECCOMP_FILTER_FLAG_LOG"), null,
            null, List.of(new Seccomp.Syscall(List.of("mkdir"), "SCMP_ACT_ERRNO", 13,
                List.of(new Seccomp.Arg(1, 511, null, "SCMP_CMP_EQ"))))),
        X86.localhost(file, Set.copyOf(Capabilities.DEFAULT)));
  }

  @Test
  void localhost_dockerProfile_isEvaluatedForArchCapsAndKernel() throws IOException {
    Path file = Files.writeString(dir.resolve("docker.json"), """
        {"defaultAction": "SCMP_ACT_ERRNO",
         "archMap": [{"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]},
                     {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
         "syscalls": [
           {"names": ["read"], "action": "SCMP_ACT_ALLOW", "comment": "always"},
           {"name": "write", "action": "SCMP_ACT_ALLOW"},
           {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32"]}},
           {"names": ["set_tls"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm", "arm64"]}},
           {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
           {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
           {"names": ["landlock_create_ruleset"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "5.13"}},
           {"names": ["futex_waitv"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "7.0"}}
         ]}
        """);
    Seccomp seccomp = X86.localhost(file, Set.copyOf(Capabilities.DEFAULT));
    assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), seccomp.architectures());
    assertEquals(List.of(List.of("read"), List.of("write"), List.of("arch_prctl"), List.of("clone"),
        List.of("landlock_create_ruleset")), seccomp.syscalls().stream().map(Seccomp.Syscall::names).toList());
    Seccomp admin = X86.localhost(file, defaultsPlus("CAP_SYS_ADMIN"));
    assertTrue(allowed(admin, "mount"));
    assertFalse(allowed(admin, "clone"));
  }

  @Test
  void localhost_relativePath_isRefused() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> X86.localhost(Path.of("profiles/audit.json"), Set.of()));
    assertTrue(e.getMessage().contains("profiles/audit.json"), e.getMessage());
  }

  @Test
  void localhost_missingFile_isRefusedNamingIt() {
    Path missing = dir.resolve("missing.json");
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> X86.localhost(missing, Set.of()));
    assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void localhost_directory_isRefusedNamingIt() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> X86.localhost(dir, Set.of()));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void localhost_malformedJson_isRefusedNamingTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("broken.json"), "{\"defaultAction\": ");
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> X86.localhost(file, Set.of()));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"syscalls\": []}",
      "{\"defaultAction\": \"SCMP_ACT_MAYBE\"}",
      "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"ALLOW\"}]}",
      "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [], \"action\": \"SCMP_ACT_ERRNO\"}]}",
      "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
          + " \"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
      "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
          + " \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"EQ\"}]}]}",
      "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
          + " \"includes\": {\"minKernel\": \"new\"}}]}",
      "null"})
  void localhost_invalidProfile_isRefusedNamingTheFile(String json) throws IOException {
    Path file = Files.writeString(dir.resolve("invalid.json"), json);
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> X86.localhost(file, Set.of()));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void unconfined_isNoFilter() {
    assertNull(SeccompProfiles.unconfined());
  }
}

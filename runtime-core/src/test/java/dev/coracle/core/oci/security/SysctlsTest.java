package dev.coracle.core.oci.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SysctlsTest {

  /** name, hostNetwork, hostIpc, the dot form when allowed or a part of the refusal. */
  @ParameterizedTest(name = "{0} hostNetwork={1} hostIpc={2}: {3}")
  @CsvSource({
      "net.ipv4.ip_forward,                     false, false, ok net.ipv4.ip_forward",
      "net/ipv4/ip_forward,                     false, false, ok net.ipv4.ip_forward",
      "net.ipv4.ip_unprivileged_port_start,     false, true,  ok net.ipv4.ip_unprivileged_port_start",
      "net.core.somaxconn,                      true,  false, uses the host's network",
      "net/ipv4/conf/eth0.100/rp_filter,        false, false, ok net.ipv4.conf.eth0/100.rp_filter",
      "net.ipv4.conf.eth0/100.rp_filter,        false, false, ok net.ipv4.conf.eth0/100.rp_filter",
      "kernel.shmmax,                           false, false, ok kernel.shmmax",
      "kernel.shmall,                           true,  false, ok kernel.shmall",
      "kernel.shmmni,                           false, false, ok kernel.shmmni",
      "kernel.shm_rmid_forced,                  false, false, ok kernel.shm_rmid_forced",
      "kernel/shm_rmid_forced,                  false, false, ok kernel.shm_rmid_forced",
      "kernel.msgmax,                           false, false, ok kernel.msgmax",
      "kernel.msgmnb,                           false, false, ok kernel.msgmnb",
      "kernel.msgmni,                           false, false, ok kernel.msgmni",
      "kernel.sem,                              false, false, ok kernel.sem",
      "fs.mqueue.msg_max,                       false, false, ok fs.mqueue.msg_max",
      "fs.mqueue.queues_max,                    true,  false, ok fs.mqueue.queues_max",
      "kernel.shmmax,                           false, true,  shares the host's (hostIPC)",
      "kernel.sem,                              false, true,  shares the host's (hostIPC)",
      "fs.mqueue.msg_max,                       false, true,  shares the host's (hostIPC)",
      "kernel.hostname,                         false, false, UTS namespace",
      "kernel.domainname,                       false, false, UTS namespace",
      "kernel.pid_max,                          false, false, is not namespaced and would change the host",
      "kernel.shm_pipe,                         false, false, is not namespaced and would change the host",
      "vm.overcommit_memory,                    false, false, is not namespaced and would change the host",
      "fs.file-max,                             false, false, is not namespaced and would change the host",
      "fs.mqueue,                               false, false, is not namespaced and would change the host",
      "user.max_user_namespaces,                false, false, is not namespaced and would change the host",
      "net,                                     false, false, malformed",
      "net..ipv4,                               false, false, malformed",
      "net.ipv4.conf.x/../../../../etc.passwd,  false, false, malformed",
      "net.ipv4 .ip_forward,                    false, false, malformed",
      "'',                                      false, false, malformed",
  })
  void validate_rows(String name, boolean hostNetwork, boolean hostIpc, String expected) {
    if (expected.startsWith("ok ")) {
      assertEquals(Map.of(expected.substring(3), "1"), Sysctls.validate(Map.of(name, "1"), hostNetwork, hostIpc));
    } else {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
          () -> Sysctls.validate(Map.of(name, "1"), hostNetwork, hostIpc));
      assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
  }

  @Test
  void validate_refusal_namesTheSysctl() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> Sysctls.validate(Map.of("kernel/pid_max", "1"), false, false));
    assertEquals("sysctl kernel.pid_max is not namespaced and would change the host", e.getMessage());
  }

  @Test
  void validate_result_isSortedDotForm() {
    Map<String, String> sysctls = new LinkedHashMap<>();
    sysctls.put("net/ipv4/ip_forward", "1");
    sysctls.put("kernel.shmmax", "68719476736");
    sysctls.put("fs.mqueue.msg_max", "20");
    Map<String, String> result = Sysctls.validate(sysctls, false, false);
    assertEquals(List.of("fs.mqueue.msg_max", "kernel.shmmax", "net.ipv4.ip_forward"), List.copyOf(result.keySet()));
    assertEquals("1", result.get("net.ipv4.ip_forward"));
  }

  @Test
  void validate_bothFormsWithDifferentValues_isRefused() {
    Map<String, String> sysctls = Map.of("net/ipv4/ip_forward", "1", "net.ipv4.ip_forward", "0");
    assertThrows(InvalidArgumentException.class, () -> Sysctls.validate(sysctls, false, false));
  }

  @Test
  void validate_bothFormsWithTheSameValue_isOne() {
    Map<String, String> sysctls = Map.of("net/ipv4/ip_forward", "1", "net.ipv4.ip_forward", "1");
    assertEquals(Map.of("net.ipv4.ip_forward", "1"), Sysctls.validate(sysctls, false, false));
  }

  @Test
  void validate_none_isEmpty() {
    assertEquals(Map.of(), Sysctls.validate(Map.of(), true, true));
  }
}

package dev.coracle.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodFilesTest {

  @Test
  void resolvConf_fromDnsConfig() {
    assertEquals("nameserver 198.18.0.10\nnameserver fd00::10\nsearch default.svc.cluster.local svc.cluster.local\n"
            + "options ndots:5 edns0\n",
        PodFiles.resolvConf(new PodFiles.Dns(List.of("198.18.0.10", "fd00::10"),
            List.of("default.svc.cluster.local", "svc.cluster.local"), List.of("ndots:5", "edns0"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3.4\nnameserver 6.6.6.6", "dns.example", "1.2.3", "::g"})
  void resolvConf_serverThatIsNotAnIp_isRefused(String server) {
    assertThrows(InvalidArgumentException.class,
        () -> PodFiles.resolvConf(new PodFiles.Dns(List.of(server), List.of(), List.of())));
  }

  @Test
  void resolvConf_injectedDirectives_areRefused() {
    assertThrows(InvalidArgumentException.class,
        () -> PodFiles.resolvConf(new PodFiles.Dns(List.of(), List.of("a.example\nnameserver 6.6.6.6"), List.of())));
    assertThrows(InvalidArgumentException.class,
        () -> PodFiles.resolvConf(new PodFiles.Dns(List.of(), List.of(), List.of("ndots:5 rotate\nx"))));
  }

  @Test
  void hosts_namesThePodOnEachIp_andKeepsLocalhost() {
    String hosts = PodFiles.hosts("web-0", List.of("198.18.0.5", "fd00::5"));
    assertTrue(hosts.startsWith("127.0.0.1\tlocalhost\n::1\tlocalhost"), hosts);
    assertTrue(hosts.contains("198.18.0.5\tweb-0\n") && hosts.contains("fd00::5\tweb-0\n"), hosts);
    assertTrue(PodFiles.hosts("lonely", List.of()).contains("127.0.1.1\tlonely\n"));
  }
}

package dev.coracle.cni.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.cni.CniException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodRuntimeConfTest {

  private static final Path NS = Path.of("/run/coracle/sandboxes/abc/ns/net");

  @Test
  void forPod_kubernetesArgsWithIgnoreUnknownFirst() {
    PodRuntimeConf c = PodRuntimeConf.forPod("abc123", NS, "default", "web", "uid-1");

    assertEquals("eth0", c.ifName());
    assertEquals("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;"
        + "K8S_POD_INFRA_CONTAINER_ID=abc123;K8S_POD_UID=uid-1", c.cniArgsText());
    assertTrue(c.capabilityArgs().isEmpty());
  }

  @Test
  void capabilityArgs_conventionsFormat() {
    PodRuntimeConf c = PodRuntimeConf.forPod("abc123", NS, "default", "web", "uid-1")
        .withPortMappings(List.of(new PodRuntimeConf.PortMapping(8080, 80, "TCP", ""),
            new PodRuntimeConf.PortMapping(5353, 53, "udp", "127.0.0.1")))
        .withBandwidth(new PodRuntimeConf.Bandwidth(1000, 2000, 3000, 4000))
        .withDns(new PodRuntimeConf.Dns(List.of("198.18.0.10"), List.of("svc"), List.of("ndots:5")))
        .withIps(List.of("198.18.7.9/24"))
        .withCgroupPath("/kubepods/pod1");

    assertEquals(ResultJsonTest.json("{'portMappings':["
        + "{'hostPort':8080,'containerPort':80,'protocol':'tcp'},"
        + "{'hostPort':5353,'containerPort':53,'protocol':'udp','hostIP':'127.0.0.1'}],"
        + "'bandwidth':{'ingressRate':1000,'ingressBurst':2000,'egressRate':3000,'egressBurst':4000},"
        + "'dns':{'servers':['198.18.0.10'],'searches':['svc'],'options':['ndots:5']},"
        + "'ips':['198.18.7.9/24'],'cgroupPath':'/kubepods/pod1'}").toString(),
        c.capabilityArgs().toString());
    assertEquals(c, PodRuntimeConf.forPod("abc123", NS, "default", "web", "uid-1")
        .withCapabilityArgs(c.capabilityArgs()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-abc", "a/b", "a b"})
  void new_badContainerIdIsInvalidEnvironment(String id) {
    CniException e = assertThrows(CniException.class,
        () -> PodRuntimeConf.forPod(id, NS, "default", "web", "uid-1"));

    assertEquals(CniException.INVALID_ENVIRONMENT, e.code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"averyveryverylong0", "..", "e:0", "e/0", "e 0"})
  void withIfName_badNameIsInvalidEnvironment(String name) {
    PodRuntimeConf c = PodRuntimeConf.forPod("abc", NS, "default", "web", "uid-1");

    assertEquals(CniException.INVALID_ENVIRONMENT,
        assertThrows(CniException.class, () -> c.withIfName(name)).code());
  }

  @Test
  void forPod_argWithSemicolonRefused() {
    assertThrows(CniException.class, () -> PodRuntimeConf.forPod("abc", NS, "a;b", "web", "u"));
  }

  @Test
  void portMapping_outOfRangeRefused() {
    assertThrows(CniException.class, () -> new PodRuntimeConf.PortMapping(0, 80, "tcp", ""));
    assertThrows(CniException.class, () -> new PodRuntimeConf.PortMapping(80, 80, "icmp", ""));
  }
}

package dev.coracle.cni.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CniResultTest {

  @Test
  void podIps_sandboxInterfacesAndUnboundAddressesInResultOrder() {
    CniResult r = ResultJson.parse(ResultJsonTest.json("{'cniVersion':'1.0.0',"
        + "'interfaces':[{'name':'cni0'},{'name':'eth0','sandbox':'/run/netns/p'}],"
        + "'ips':[{'address':'fd00:7::5/64','interface':1},{'address':'198.18.7.1/24','interface':0},"
        + "{'address':'198.18.7.5/24','interface':1},{'address':'198.18.9.9/32'},"
        + "{'address':'198.18.8.8/32','interface':5}]}"), "x");

    assertEquals(List.of("fd00:7::5", "198.18.7.5", "198.18.9.9"), r.podIps());
  }

  @Test
  void raw_isACopy() {
    CniResult r = ResultJson.parse(ResultJsonTest.json("{'cniVersion':'1.0.0'}"), "x");

    r.raw().put("cniVersion", "0.4.0");

    assertEquals("1.0.0", r.raw().get("cniVersion").asText());
  }
}

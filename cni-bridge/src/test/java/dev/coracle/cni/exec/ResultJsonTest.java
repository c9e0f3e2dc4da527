package dev.coracle.cni.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  // A bridge plugin's answer as 0.3.x and 0.4.0 write it: ips carry their family as "version".
  static String v04(String version) {
    return "{'cniVersion':'" + version + "',"
        + "'interfaces':[{'name':'cni0','mac':'aa:bb:cc:dd:ee:01'},"
        + "{'name':'vethx','mac':'aa:bb:cc:dd:ee:02'},"
        + "{'name':'eth0','mac':'aa:bb:cc:dd:ee:03','sandbox':'/run/netns/p'}],"
        + "'ips':[{'version':'4','address':'198.18.7.5/24','gateway':'198.18.7.1','interface':2},"
        + "{'version':'6','address':'fd00:7::5/64','gateway':'fd00:7::1','interface':2}],"
        + "'routes':[{'dst':'0.0.0.0/0'},{'dst':'::/0','gw':'fd00:7::1'}],"
        + "'dns':{'nameservers':['198.18.0.10'],'domain':'cluster.local','search':['svc'],'options':['ndots:5']}}";
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.3.0", "0.3.1", "0.4.0"})
  void parse_versionedIps(String version) {
    CniResult r = ResultJson.parse(json(v04(version)), "bridge");

    assertEquals(version, r.cniVersion());
    assertEquals(3, r.interfaces().size());
    assertEquals("/run/netns/p", r.interfaces().get(2).sandbox());
    assertEquals("", r.interfaces().get(0).sandbox());
    assertEquals(new CniResult.IpConfig("198.18.7.5/24", "198.18.7.1", 2), r.ips().get(0));
    assertEquals(6, r.ips().get(1).family());
    assertEquals("fd00:7::1", r.routes().get(1).gw());
    assertNull(r.routes().get(0).gw());
    assertEquals(List.of("198.18.0.10"), r.dns().nameservers());
    assertEquals("cluster.local", r.dns().domain());
    assertEquals(List.of("ndots:5"), r.dns().options());
  }

  @Test
  void parse_v100() {
    CniResult r = ResultJson.parse(json(v04("0.4.0").replace("'version':'4',", "")
        .replace("'version':'6',", "").replace("0.4.0", "1.0.0")), "bridge");

    assertEquals("1.0.0", r.cniVersion());
    assertEquals(List.of("198.18.7.5", "fd00:7::5"), r.podIps());
  }

  @Test
  void parse_v110Fields() {
    CniResult r = ResultJson.parse(json("{'cniVersion':'1.1.0',"
        + "'interfaces':[{'name':'eth0','sandbox':'/run/netns/p','mtu':1400,'socketPath':'/s','pciID':'0000:00:01.0'}],"
        + "'ips':[{'address':'198.18.7.5/24','interface':0}],"
        + "'routes':[{'dst':'0.0.0.0/0','gw':'198.18.7.1','mtu':1400,'advmss':1360,'priority':10,'table':100,'scope':0}]}"),
        "x");

    assertEquals(new CniResult.Interface("eth0", "", "/run/netns/p", 1400, "/s", "0000:00:01.0"),
        r.interfaces().get(0));
    assertEquals(new CniResult.Route("0.0.0.0/0", "198.18.7.1", 1400, 1360, 10, 100, 0),
        r.routes().get(0));
    assertTrue(r.dns().nameservers().isEmpty());
  }

  @Test
  void render_040To100DropsIpVersion() {
    CniResult r = ResultJson.parse(json(v04("0.4.0")), "bridge");

    ObjectNode out = ResultJson.render(r, "1.0.0");

    assertEquals("1.0.0", out.get("cniVersion").asText());
    assertFalse(out.get("ips").get(0).has("version"));
    assertEquals("198.18.7.5/24", out.get("ips").get(0).get("address").asText());
    assertEquals(2, out.get("ips").get(0).get("interface").asInt());
    assertEquals("/run/netns/p", out.get("interfaces").get(2).get("sandbox").asText());
    assertEquals("cluster.local", out.get("dns").get("domain").asText());
  }

  @Test
  void render_100To040AddsIpVersionFromTheAddress() {
    CniResult r = ResultJson.parse(json("{'cniVersion':'1.0.0','ips':["
        + "{'address':'198.18.7.5/24'},{'address':'fd00:7::5/64'}]}"), "host-local");

    ObjectNode out = ResultJson.render(r, "0.4.0");

    assertEquals("4", out.get("ips").get(0).get("version").asText());
    assertEquals("6", out.get("ips").get(1).get("version").asText());
    assertFalse(out.has("interfaces"));
    assertFalse(out.has("dns"));
  }

  @Test
  void render_110To100DropsWhat110Added() {
    CniResult r = ResultJson.parse(json("{'cniVersion':'1.1.0',"
        + "'interfaces':[{'name':'eth0','mtu':1400}],'routes':[{'dst':'0.0.0.0/0','table':100}]}"), "x");

    ObjectNode out = ResultJson.render(r, "1.0.0");

    assertFalse(out.get("interfaces").get(0).has("mtu"));
    assertFalse(out.get("routes").get(0).has("table"));
    assertEquals(100, ResultJson.render(r, "1.1.0").get("routes").get(0).get("table").asInt());
  }

  @Test
  void render_sameVersionIsTheJsonAsReceived() {
    ObjectNode raw = json("{'cniVersion':'1.0.0','ips':[{'address':'198.18.7.5/24'}],'x-extra':7}");

    assertEquals(raw, ResultJson.render(ResultJson.parse(raw, "x"), "1.0.0"));
  }

  @Test
  void parse_unsupportedVersionIsIncompatible() {
    CniException e = assertThrows(CniException.class,
        () -> ResultJson.parse(json("{'cniVersion':'0.2.0','ip4':{'ip':'198.18.7.5/24'}}"), "old"));

    assertEquals(CniException.INCOMPATIBLE_VERSION, e.code());
    assertEquals("old", e.plugin());
  }

  @Test
  void parse_ipWithoutAddressIsADecodingFailure() {
    CniException e = assertThrows(CniException.class,
        () -> ResultJson.parse(json("{'cniVersion':'1.0.0','ips':[{'gateway':'198.18.7.1'}]}"), "p"));

    assertEquals(CniException.DECODING_FAILURE, e.code());
    assertTrue(e.getMessage().contains("plugin p gave a bad result"), e.getMessage());
  }
}

package dev.coracle.cni.config;

import static dev.coracle.cni.config.TestFiles.binary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultNetworkTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DATA = Path.of("/var/lib/coracle-test/cni/networks");

  @TempDir Path dir;

  /** Written out as a conflist and read back as any config on disk would be. */
  static NetworkConfigList roundTrip(NetworkConfigList network) throws Exception {
    ObjectNode list = JSON.createObjectNode();
    list.put("cniVersion", network.cniVersion());
    list.put("name", network.name());
    list.putArray("plugins").addAll(network.plugins());
    return ConfigLoader.parse(JSON.writeValueAsBytes(list), Path.of("/tmp/builtin.conflist"));
  }

  @Test
  void of_ipv4Only_isABridgeWithHostLocalAndPortmap() throws Exception {
    NetworkConfigList n = roundTrip(DefaultNetwork.of(List.of("198.18.0.0/16"), DATA));

    assertEquals("coracle", n.name());
    assertEquals("1.0.0", n.cniVersion());
    assertEquals(List.of("bridge", "portmap"), n.plugins().stream().map(p -> p.get("type").asText()).toList());
    JsonNode bridge = n.plugins().get(0);
    assertEquals("coracle0", bridge.get("bridge").asText());
    assertTrue(bridge.get("isGateway").asBoolean());
    assertTrue(bridge.get("ipMasq").asBoolean());
    assertTrue(bridge.get("hairpinMode").asBoolean());
    JsonNode ipam = bridge.get("ipam");
    assertEquals("host-local", ipam.get("type").asText());
    assertEquals(JSON.readTree("[[{\"subnet\":\"198.18.0.0/16\"}]]"), ipam.get("ranges"));
    assertEquals(JSON.readTree("[{\"dst\":\"0.0.0.0/0\"}]"), ipam.get("routes"));
    assertEquals(DATA.toString(), ipam.get("dataDir").asText());
    JsonNode portmap = n.plugins().get(1);
    assertTrue(portmap.at("/capabilities/portMappings").asBoolean());
    assertTrue(portmap.get("snat").asBoolean());
  }

  @Test
  void of_dualStack_hasARangeSetAndADefaultRoutePerFamily_inTheOrderGiven() throws Exception {
    JsonNode ipam = roundTrip(DefaultNetwork.of(List.of("198.18.0.0/16", "fd00:198:18::/64"), DATA))
        .plugins().get(0).get("ipam");
    assertEquals(JSON.readTree("[[{\"subnet\":\"198.18.0.0/16\"}],[{\"subnet\":\"fd00:198:18::/64\"}]]"),
        ipam.get("ranges"));
    assertEquals(JSON.readTree("[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"::/0\"}]"), ipam.get("routes"));

    JsonNode v6First = DefaultNetwork.of(List.of("fd00:198:18::/64", "198.18.0.0/16"), DATA)
        .plugins().get(0).get("ipam");
    assertEquals("fd00:198:18::/64", v6First.at("/ranges/0/0/subnet").asText());
    assertEquals("::/0", v6First.at("/routes/0/dst").asText());
  }

  @Test
  void of_noPodCidr_uses10880016() {
    NetworkConfigList n = DefaultNetwork.of(List.of(), DATA);
    assertEquals("10.88.0.0/16", n.plugins().get(0).at("/ipam/ranges/0/0/subnet").asText());
    assertEquals("10.88.0.0/16", DefaultNetwork.of(null, DATA).plugins().get(0).at("/ipam/ranges/0/0/subnet").asText());
    assertNull(n.source());
  }

  @ParameterizedTest
  @ValueSource(strings = {"198.18.0.0", "198.18.0.0/33", "198.18.0.0/", "198.18.0.0/x", "198.18.0.256/24",
      "198.018.0.0/16", "198.18.0.1/16", "198.18.0.0/31", "fd00::1/64", "fd00::/127", "fd00::/129",
      "gd00::/64", "localhost/8", "::ffff:198.18.0.0/112", "", "fe80::%eth0/64"})
  void of_refusesACidrThatIsNoPodSubnet(String cidr) {
    CniException e = assertThrows(CniException.class, () -> DefaultNetwork.of(List.of(cidr), DATA));
    assertEquals(CniException.INVALID_NETWORK_CONFIG, e.code());
    assertTrue(e.getMessage().startsWith("pod CIDR \"" + cidr + "\""), e.getMessage());
  }

  @Test
  void of_hostBitsSet_namesTheNetwork() {
    CniException e = assertThrows(CniException.class, () -> DefaultNetwork.of(List.of("198.18.3.4/16"), DATA));
    assertTrue(e.getMessage().endsWith("has host bits set; the network is 198.18.0.0/16"), e.getMessage());
  }

  @Test
  void of_refusesTwoSubnetsOfOneFamily_andARelativeDataDir() {
    assertThrows(CniException.class, () -> DefaultNetwork.of(List.of("198.18.0.0/24", "198.18.1.0/24"), DATA));
    assertThrows(CniException.class, () -> DefaultNetwork.of(List.of("fd00:1::/64", "fd00:2::/64"), DATA));
    assertThrows(CniException.class, () -> DefaultNetwork.of(List.of("198.18.0.0/16"), Path.of("relative")));
  }

  @Test
  void of_withPlugins_addsBandwidthOnlyWhenItsBinaryIsThere() throws Exception {
    PluginPaths plugins = new PluginPaths(List.of(dir));
    assertEquals(2, DefaultNetwork.of(List.of("198.18.0.0/16"), DATA, plugins).plugins().size());

    binary(dir, "bandwidth");
    NetworkConfigList n = roundTrip(DefaultNetwork.of(List.of("198.18.0.0/16"), DATA, plugins));
    assertEquals("bandwidth", n.plugins().get(2).get("type").asText());
    assertTrue(n.plugins().get(2).at("/capabilities/bandwidth").asBoolean());
  }
}

package dev.coracle.cni.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import dev.coracle.cni.config.NetworkConfigList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginStdinTest {

  private static final ObjectNode CAPS = ResultJsonTest.json(
      "{'portMappings':[{'hostPort':8080,'containerPort':80,'protocol':'tcp'}],'ips':['198.18.7.9/24']}");

  private static NetworkConfigList list(ObjectNode... plugins) {
    return new NetworkConfigList("1.0.0", "pods", false, false, List.of(plugins), null);
  }

  @Test
  void of_onlyDeclaredCapabilitiesReachRuntimeConfig() {
    ObjectNode plugin = ResultJsonTest.json(
        "{'type':'portmap','capabilities':{'portMappings':true,'ips':false,'bandwidth':true}}");

    ObjectNode stdin = PluginStdin.of(list(plugin), plugin, CAPS, null);

    assertEquals(ResultJsonTest.json("{'type':'portmap','cniVersion':'1.0.0','name':'pods',"
        + "'capabilities':{'portMappings':true,'ips':false,'bandwidth':true},"
        + "'runtimeConfig':{'portMappings':[{'hostPort':8080,'containerPort':80,'protocol':'tcp'}]}}"),
        stdin);
  }

  @Test
  void of_listFactsOverrideAndPrevResultAdded() {
    ObjectNode plugin = ResultJsonTest.json("{'type':'bridge','cniVersion':'0.3.1','name':'other'}");
    ObjectNode prev = ResultJsonTest.json("{'cniVersion':'1.0.0','ips':[{'address':'198.18.7.5/24'}]}");

    ObjectNode stdin = PluginStdin.of(list(plugin), plugin, CAPS, prev);

    assertEquals("1.0.0", stdin.get("cniVersion").asText());
    assertEquals("pods", stdin.get("name").asText());
    assertEquals(prev, stdin.get("prevResult"));
    assertFalse(stdin.has("runtimeConfig"));
    assertFalse(plugin.has("prevResult"));
  }

  @Test
  void type_missingIsInvalidConfig() {
    ObjectNode plugin = ResultJsonTest.json("{'bridge':'x'}");

    assertEquals(CniException.INVALID_NETWORK_CONFIG,
        assertThrows(CniException.class, () -> PluginStdin.type(list(plugin), plugin)).code());
  }
}

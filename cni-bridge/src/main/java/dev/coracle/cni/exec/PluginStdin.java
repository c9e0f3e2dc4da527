package dev.coracle.cni.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import dev.coracle.cni.config.NetworkConfigList;
import java.util.Map;

/** The config a plugin reads on stdin: its own object with the list's facts injected. */
final class PluginStdin {

  private PluginStdin() {}

  /**
   * @param capabilityArgs every capability argument the runtime has for this attachment; the
   *     plugin gets only those its {@code capabilities} declare
   * @param prevResult the result so far, in the list's version; null for none
   */
  static ObjectNode of(
      NetworkConfigList list, ObjectNode plugin, ObjectNode capabilityArgs, ObjectNode prevResult) {
    ObjectNode stdin = plugin.deepCopy();
    stdin.put("cniVersion", list.cniVersion());
    stdin.put("name", list.name());
    ObjectNode runtimeConfig = stdin.objectNode();
    for (Map.Entry<String, JsonNode> cap : plugin.path("capabilities").properties()) {
      if (cap.getValue().asBoolean(false) && capabilityArgs.has(cap.getKey())) {
        runtimeConfig.set(cap.getKey(), capabilityArgs.get(cap.getKey()).deepCopy());
      }
    }
    if (!runtimeConfig.isEmpty()) {
      stdin.set("runtimeConfig", runtimeConfig);
    }
    if (prevResult != null) {
      stdin.set("prevResult", prevResult);
    }
    return stdin;
  }

  /** The plugin's {@code type}: the name of its binary. */
  static String type(NetworkConfigList list, ObjectNode plugin) {
    String type = plugin.path("type").asText("");
    if (type.isEmpty() || type.contains("/")) {
      throw new CniException(
          CniException.INVALID_NETWORK_CONFIG,
          "",
          "network " + list.name() + " has a plugin with no usable type: " + plugin);
    }
    return type;
  }
}

package dev.coracle.cni.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One config file's bytes to a {@link NetworkConfigList}, or the reason it cannot be used. */
final class ConfigParser {

  // Trailing tokens are refused as libcni's Go decoder refuses them: a file holding two objects
  // is a mistake, not the first object.
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private ConfigParser() {}

  static NetworkConfigList parse(byte[] json, Path source) {
    ObjectNode root = readObject(json, source);
    String name = networkName(root, source);
    JsonNode plugins = root.get("plugins");
    if (plugins == null) {
      if (source != null && source.getFileName().toString().endsWith(".conflist")) {
        throw NameRules.invalid("", source, "no plugins list");
      }
      return lifted(root, name, source);
    }
    if (!plugins.isArray()) {
      throw NameRules.invalid("", source, "plugins must be a list of plugin configs");
    }
    if (plugins.isEmpty()) {
      throw NameRules.invalid("", source, "the plugins list is empty");
    }
    List<ObjectNode> list = new ArrayList<>();
    for (int i = 0; i < plugins.size(); i++) {
      list.add(plugin(plugins.get(i), i, source));
    }
    String version = CniVersions.select(root.get("cniVersion"), root.get("cniVersions"), source);
    return new NetworkConfigList(version, name, flag(root, "disableCheck", source),
        flag(root, "disableGC", source), list, source);
  }

  /** A single plugin config (the old {@code .conf} form) becomes a list of one, as libcni does. */
  private static NetworkConfigList lifted(ObjectNode root, String name, Path source) {
    ObjectNode plugin = plugin(root, 0, source);
    String version = CniVersions.select(root.get("cniVersion"), root.get("cniVersions"), source);
    return new NetworkConfigList(version, name, false, false, List.of(plugin), source);
  }

  private static ObjectNode readObject(byte[] json, Path source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw NameRules.invalid("", source, "not JSON: " + e.getOriginalMessage() + at(e.getLocation()));
    } catch (IOException e) {
      throw NameRules.invalid("", source, "not JSON: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw NameRules.invalid("", source, "empty, not JSON");
    }
    if (!root.isObject()) {
      throw NameRules.invalid("", source, "not a JSON object");
    }
    return (ObjectNode) root;
  }

  private static String at(JsonLocation where) {
    return where == null || where.getLineNr() < 0
        ? ""
        : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
  }

  private static String networkName(ObjectNode root, Path source) {
    JsonNode name = root.get("name");
    if (name == null || name.isNull()) {
      throw NameRules.invalid("", source, "no name");
    }
    if (!name.isTextual()) {
      throw NameRules.invalid("", source, "name must be a string");
    }
    NameRules.checkNetworkName(name.textValue(), source);
    return name.textValue();
  }

  private static ObjectNode plugin(JsonNode node, int index, Path source) {
    if (!node.isObject()) {
      throw NameRules.invalid("", source, "plugin " + index + " is not a JSON object");
    }
    JsonNode type = node.get("type");
    if (type == null || type.isNull()) {
      throw NameRules.invalid("", source, "plugin " + index + " has no type");
    }
    if (!type.isTextual()) {
      throw NameRules.invalid("", source, "plugin " + index + ": type must be a string");
    }
    NameRules.checkPluginType(type.textValue(), source);
    // The main plugin runs its IPAM plugin from the same bin dirs: the same rule holds.
    JsonNode ipamType = node.path("ipam").path("type");
    if (ipamType.isTextual()) {
      NameRules.checkPluginType(ipamType.textValue(), source);
    }
    return (ObjectNode) node;
  }

  /** Booleans, or the strings "true"/"false" that libcni also accepts. */
  private static boolean flag(ObjectNode root, String key, Path source) {
    JsonNode value = root.get(key);
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      switch (value.textValue().toLowerCase(Locale.ROOT)) {
        case "true":
          return true;
        case "false":
          return false;
        default:
          break;
      }
    }
    throw NameRules.invalid("", source, key + " must be true or false, not " + value);
  }
}

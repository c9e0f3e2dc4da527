package dev.coracle.cni.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import java.util.ArrayList;
import java.util.List;

/** Reads a result of any supported version and writes it in any other. */
final class ResultJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResultJson() {}

  /** Parses a plugin's ADD output; a shape it cannot read is DECODING_FAILURE. */
  static CniResult parse(JsonNode json, String plugin) {
    if (json == null || !json.isObject()) {
      throw decoding(plugin, "result is not a JSON object");
    }
    String version = text(json, "cniVersion");
    if (version == null) {
      throw decoding(plugin, "result has no cniVersion");
    }
    if (!CniVersion.SUPPORTED.contains(version)) {
      throw new CniException(
          CniException.INCOMPATIBLE_VERSION,
          plugin,
          "plugin " + plugin + " returned a result of CNI version " + version
              + "; supported are " + CniVersion.SUPPORTED);
    }
    try {
      return new CniResult(
          version,
          interfaces(json.path("interfaces")),
          ips(json.path("ips")),
          routes(json.path("routes")),
          dns(json.path("dns")),
          (ObjectNode) json);
    } catch (RuntimeException e) {
      if (e instanceof CniException c) {
        throw c;
      }
      throw decoding(plugin, "result cannot be read: " + e.getMessage());
    }
  }

  /**
   * The result in {@code version}'s format: the JSON as received when the versions match,
   * else written from the normalized fields.
   */
  static ObjectNode render(CniResult result, String version) {
    if (result.cniVersion().equals(version)) {
      return result.raw();
    }
    boolean v11 = CniVersion.atLeast(version, "1.1.0");
    ObjectNode out = NODES.objectNode();
    out.put("cniVersion", version);
    if (!result.interfaces().isEmpty()) {
      ArrayNode list = out.putArray("interfaces");
      for (CniResult.Interface i : result.interfaces()) {
        ObjectNode n = list.addObject();
        n.put("name", i.name());
        putIfSet(n, "mac", i.mac());
        putIfSet(n, "sandbox", i.sandbox());
        if (v11) {
          putIfSet(n, "mtu", i.mtu());
          putIfSet(n, "socketPath", i.socketPath());
          putIfSet(n, "pciID", i.pciId());
        }
      }
    }
    if (!result.ips().isEmpty()) {
      ArrayNode list = out.putArray("ips");
      for (CniResult.IpConfig ip : result.ips()) {
        ObjectNode n = list.addObject();
        if (CniVersion.ipsCarryVersion(version)) {
          n.put("version", Integer.toString(ip.family()));
        }
        n.put("address", ip.address());
        putIfSet(n, "gateway", ip.gateway());
        putIfSet(n, "interface", ip.interfaceIndex());
      }
    }
    if (!result.routes().isEmpty()) {
      ArrayNode list = out.putArray("routes");
      for (CniResult.Route r : result.routes()) {
        ObjectNode n = list.addObject();
        n.put("dst", r.dst());
        putIfSet(n, "gw", r.gw());
        if (v11) {
          putIfSet(n, "mtu", r.mtu());
          putIfSet(n, "advmss", r.advmss());
          putIfSet(n, "priority", r.priority());
          putIfSet(n, "table", r.table());
          putIfSet(n, "scope", r.scope());
        }
      }
    }
    if (!result.dns().isEmpty()) {
      ObjectNode n = out.putObject("dns");
      putList(n, "nameservers", result.dns().nameservers());
      putIfSet(n, "domain", result.dns().domain());
      putList(n, "search", result.dns().search());
      putList(n, "options", result.dns().options());
    }
    return out;
  }

  private static List<CniResult.Interface> interfaces(JsonNode list) {
    List<CniResult.Interface> out = new ArrayList<>();
    for (JsonNode n : list) {
      out.add(
          new CniResult.Interface(
              required(n, "name"),
              text(n, "mac"),
              text(n, "sandbox"),
              integer(n, "mtu"),
              text(n, "socketPath"),
              text(n, "pciID")));
    }
    return out;
  }

  private static List<CniResult.IpConfig> ips(JsonNode list) {
    List<CniResult.IpConfig> out = new ArrayList<>();
    for (JsonNode n : list) {
      out.add(
          new CniResult.IpConfig(required(n, "address"), text(n, "gateway"), integer(n, "interface")));
    }
    return out;
  }

  private static List<CniResult.Route> routes(JsonNode list) {
    List<CniResult.Route> out = new ArrayList<>();
    for (JsonNode n : list) {
      out.add(
          new CniResult.Route(
              required(n, "dst"),
              text(n, "gw"),
              integer(n, "mtu"),
              integer(n, "advmss"),
              integer(n, "priority"),
              integer(n, "table"),
              integer(n, "scope")));
    }
    return out;
  }

  private static CniResult.Dns dns(JsonNode n) {
    if (!n.isObject()) {
      return CniResult.Dns.NONE;
    }
    return new CniResult.Dns(
        strings(n.path("nameservers")),
        text(n, "domain"),
        strings(n.path("search")),
        strings(n.path("options")));
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) {
      out.add(n.asText());
    }
    return out;
  }

  private static String required(JsonNode n, String field) {
    String value = text(n, field);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("an entry has no " + field);
    }
    return value;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Integer integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToInt()) {
      throw new IllegalArgumentException(field + " is not an integer");
    }
    return v.asInt();
  }

  private static void putIfSet(ObjectNode n, String field, String value) {
    if (value != null && !value.isEmpty()) {
      n.put(field, value);
    }
  }

  private static void putIfSet(ObjectNode n, String field, Integer value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  private static void putList(ObjectNode n, String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode a = n.putArray(field);
      values.forEach(a::add);
    }
  }

  private static CniException decoding(String plugin, String why) {
    return new CniException(
        CniException.DECODING_FAILURE, plugin, "plugin " + plugin + " gave a bad result: " + why);
  }
}

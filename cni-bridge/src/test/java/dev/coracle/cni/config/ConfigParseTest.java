package dev.coracle.cni.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.cni.CniException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParseTest {

  private static final Path LIST = Path.of("/etc/cni/net.d/10-test.conflist");
  private static final Path CONF = Path.of("/etc/cni/net.d/10-test.conf");

  private static NetworkConfigList parse(String json, Path source) {
    return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), source);
  }

  private static String refusal(String json, Path source) {
    CniException e = assertThrows(CniException.class, () -> parse(json, source));
    assertEquals(CniException.INVALID_NETWORK_CONFIG, e.code());
    assertTrue(e.getMessage().contains(source == null ? "network config" : source.toString()), e.getMessage());
    return e.getMessage();
  }

  private static String list(String head, String plugins) {
    return "{" + head + (head.isEmpty() ? "" : ",") + "\"plugins\":" + plugins + "}";
  }

  @Test
  void parse_aList_keepsItsFieldsAndPluginsInOrder() {
    NetworkConfigList n = parse(list("\"cniVersion\":\"1.1.0\",\"name\":\"pods\"",
        "[{\"type\":\"bridge\",\"bridge\":\"br-t\"},{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true}}]"), LIST);

    assertEquals("1.1.0", n.cniVersion());
    assertEquals("pods", n.name());
    assertEquals(LIST, n.source());
    assertEquals("br-t", n.plugins().get(0).get("bridge").asText());
    assertTrue(n.plugins().get(1).at("/capabilities/portMappings").asBoolean());
    assertFalse(n.disableCheck());
    assertFalse(n.disableGc());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "true | true | true | true",
      "false | true | false | true",
      "'\"true\"' | '\"FALSE\"' | true | false"})
  void parse_honoursDisableCheckAndDisableGc(String check, String gc, boolean wantCheck, boolean wantGc) {
    NetworkConfigList n = parse(list("\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"disableCheck\":" + check
        + ",\"disableGC\":" + gc, "[{\"type\":\"bridge\"}]"), LIST);

    assertEquals(wantCheck, n.disableCheck());
    assertEquals(wantGc, n.disableGc());
  }

  @Test
  void parse_refusesADisableFlagThatIsNotABoolean() {
    assertTrue(refusal(list("\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"disableGC\":\"yes\"",
        "[{\"type\":\"bridge\"}]"), LIST).contains("disableGC must be true or false"));
    assertTrue(refusal(list("\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"disableCheck\":1",
        "[{\"type\":\"bridge\"}]"), LIST).contains("disableCheck must be true or false"));
  }

  @Test
  void parse_aSinglePluginConf_isLiftedWithItsNameAndVersion() {
    NetworkConfigList n = parse("{\"cniVersion\":\"1.0.0\",\"name\":\"solo\",\"type\":\"macvlan\"}", CONF);

    assertEquals("solo", n.name());
    assertEquals("1.0.0", n.cniVersion());
    assertEquals("macvlan", n.plugins().get(0).get("type").asText());
  }

  @Test
  void parse_aConfHoldingAPluginsList_isReadAsAList() {
    NetworkConfigList n = parse(list("\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"disableCheck\":true",
        "[{\"type\":\"bridge\"},{\"type\":\"portmap\"}]"), Path.of("/etc/cni/net.d/10-n.json"));

    assertEquals(2, n.plugins().size());
    assertTrue(n.disableCheck());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'0.3.0' | 0.4.0",
      "'0.3.1' | 0.4.0",
      "'0.4.0' | 0.4.0",
      "'1.0.0' | 1.0.0",
      "'1.1.0' | 1.1.0"})
  void parse_acceptsSupportedVersions_readingOld03ListsAs040(String given, String used) {
    assertEquals(used, parse(list("\"cniVersion\":\"" + given + "\",\"name\":\"n\"", "[{\"type\":\"bridge\"}]"),
        LIST).cniVersion());
  }

  @Test
  void parse_cniVersions_picksTheHighestSupported_skippingNewerOnes() {
    NetworkConfigList n = parse(list("\"cniVersion\":\"1.0.0\",\"cniVersions\":[\"0.4.0\",\"1.1.0\",\"9.0.0\"],"
        + "\"name\":\"n\"", "[{\"type\":\"bridge\"}]"), LIST);
    assertEquals("1.1.0", n.cniVersion());

    NetworkConfigList withoutSingle = parse(list("\"cniVersions\":[\"1.0.0\",\"2.0.0\"],\"name\":\"n\"",
        "[{\"type\":\"bridge\"}]"), LIST);
    assertEquals("1.0.0", withoutSingle.cniVersion());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json at all | not JSON",
      "'{\"name\":\"n\",' | not JSON",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"bridge\"}]} {}' | not JSON",
      "'' | empty, not JSON",
      "'[1,2]' | not a JSON object",
      "'{\"cniVersion\":\"1.0.0\",\"plugins\":[{\"type\":\"bridge\"}]}' | no name",
      "'{\"cniVersion\":\"1.0.0\",\"name\":7,\"plugins\":[{\"type\":\"bridge\"}]}' | name must be a string",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"\",\"plugins\":[{\"type\":\"bridge\"}]}' | the network name is empty",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"-lead\",\"plugins\":[{\"type\":\"bridge\"}]}' | must start with a letter or digit",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"a/b\",\"plugins\":[{\"type\":\"bridge\"}]}' | must start with a letter or digit",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"a b\",\"plugins\":[{\"type\":\"bridge\"}]}' | must start with a letter or digit",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}' | no plugins list",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":{}}' | plugins must be a list",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[]}' | the plugins list is empty",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[\"bridge\"]}' | plugin 0 is not a JSON object",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"bridge\"},{\"ipMasq\":true}]}' | plugin 1 has no type",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":3}]}' | plugin 0: type must be a string",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"\"}]}' | plugin type \"\" is empty",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"../../bin/sh\"}]}' | not a path",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"..\"}]}' | is not a file name",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"bridge\",\"ipam\":{\"type\":\"/tmp/x\"}}]}' | not a path",
      "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"br idge\"}]}' | blank or control character",
      "'{\"name\":\"n\",\"plugins\":[{\"type\":\"bridge\"}]}' | no cniVersion",
      "'{\"cniVersion\":\"0.2.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"bridge\"}]}' | unsupported cniVersion 0.2.0",
      "'{\"cniVersion\":\"1.2.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"bridge\"}]}' | unsupported cniVersion 1.2.0",
      "'{\"cniVersion\":\"1.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"bridge\"}]}' | is not a version like 1.0.0",
      "'{\"cniVersions\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"bridge\"}]}' | cniVersions must be a list",
      "'{\"cniVersions\":[\"2.0.0\"],\"name\":\"n\",\"plugins\":[{\"type\":\"bridge\"}]}' | unsupported cniVersion 2.0.0"})
  void parse_refusesWithTheReason(String json, String reason) {
    String message = refusal(json, LIST);
    assertTrue(message.contains(reason), message);
  }

  @Test
  void parse_ofALiftedConf_refusesTheSameWay() {
    assertTrue(refusal("{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}", CONF).contains("plugin 0 has no type"));
    assertTrue(refusal("{\"cniVersion\":\"0.1.0\",\"name\":\"n\",\"type\":\"bridge\"}", CONF)
        .contains("unsupported cniVersion 0.1.0"));
  }

  @Test
  void parse_withoutASource_saysSoInTheMessage() {
    assertTrue(refusal("{}", null).startsWith("network config: no name"));
  }

  @Test
  void parse_aRefusedPluginType_namesThePlugin() {
    CniException e = assertThrows(CniException.class, () -> parse(list("\"cniVersion\":\"1.0.0\",\"name\":\"n\"",
        "[{\"type\":\"a/b\"}]"), LIST));
    assertEquals("a/b", e.plugin());
  }
}

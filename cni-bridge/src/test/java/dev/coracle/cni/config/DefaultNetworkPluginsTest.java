package dev.coracle.cni.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installed plugins speak the built-in network's spec version (their VERSION command). */
class DefaultNetworkPluginsTest {

  @Test
  void of_everyPluginAndIpamTypeOfTheBuiltIn_supportsItsCniVersion() throws Exception {
    PluginPaths plugins = PluginPaths.defaults();
    NetworkConfigList network = DefaultNetwork.of(List.of("198.18.0.0/16"), Path.of("/tmp/unused"), plugins);
    assumeTrue(plugins.missing(network).isEmpty(), "containernetworking-plugins not installed: "
        + plugins.missing(network));
    List<String> types = new ArrayList<>(List.of("host-local"));
    network.plugins().forEach(plugin -> types.add(plugin.get("type").asText()));
    for (String type : types) {
      JsonNode answer = version(plugins.find(type), network.cniVersion());
      assertTrue(answer.path("supportedVersions").toString().contains("\"" + network.cniVersion() + "\""),
          type + " answered " + answer);
    }
  }

  @TempDir Path dir;

  private JsonNode version(Path plugin, String cniVersion) throws Exception {
    // From a file: a plugin may answer VERSION and exit before reading its stdin.
    Path stdin = Files.writeString(dir.resolve("stdin.json"), "{\"cniVersion\":\"" + cniVersion + "\"}");
    ProcessBuilder pb = new ProcessBuilder(plugin.toString())
        .redirectInput(stdin.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("CNI_COMMAND", "VERSION");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), plugin + " VERSION did not end");
    assertEquals(0, p.exitValue(), plugin + " VERSION: " + new String(out, StandardCharsets.UTF_8));
    return new ObjectMapper().readTree(out);
  }
}

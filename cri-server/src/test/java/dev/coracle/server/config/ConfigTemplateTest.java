package dev.coracle.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigTemplateTest {

  @Test
  void render_defaults_parsesBackToDefaults() {
    CoracleConfig defaults = CoracleConfig.defaults();
    assertEquals(defaults, ConfigLoader.parse(ConfigTemplate.render(defaults), "rendered"));
  }

  @Test
  void render_changedConfig_parsesBackToIt() {
    CoracleConfig changed = ConfigLoader.parse("""
        state_dir = "/run/x \\"quoted\\""
        log_level = "trace"
        [metrics]
        enabled = false
        address = "[::1]:0"
        """, "t");
    assertEquals(changed, ConfigLoader.parse(ConfigTemplate.render(changed), "rendered"));
  }

  @Test
  void render_documentsEveryKeyTheLoaderAccepts() {
    String rendered = ConfigTemplate.render(CoracleConfig.defaults());
    for (ConfigTemplate.Key key : ConfigTemplate.KEYS) {
      boolean table = key.section().equals(ConfigTemplate.REGISTRY) || key.section().equals(ConfigTemplate.RUNTIME);
      String line = table ? "#   " + key.name() + ": " : "\n" + key.name() + " = ";
      assertTrue(rendered.contains(line), key.path());
    }
    // A key added to the records but not documented would make this count differ.
    int recordKeys = CoracleConfig.class.getRecordComponents().length - 8
        + CoracleConfig.MetricsConfig.class.getRecordComponents().length
        + CoracleConfig.ImageConfig.class.getRecordComponents().length
        + CoracleConfig.RegistryConfig.class.getRecordComponents().length
        + CoracleConfig.RuntimeConfig.class.getRecordComponents().length
        + CoracleConfig.MonitorConfig.class.getRecordComponents().length
        + CoracleConfig.PodsConfig.class.getRecordComponents().length
        + CoracleConfig.CniConfig.class.getRecordComponents().length
        + CoracleConfig.WindowsConfig.class.getRecordComponents().length;
    assertEquals(recordKeys, ConfigTemplate.KEYS.size());
  }

  @Test
  void render_cniSettings_parseBackToThem() {
    CoracleConfig changed = ConfigLoader.parse("""
        [cni]
        conf_dir = "/tmp/net.d"
        bin_dirs = ["/usr/lib/cni"]
        default_network = false
        default_subnets = ["198.18.7.0/24", "fd00:7::/64"]
        plugin_timeout_seconds = 5
        """, "t");
    assertEquals(changed, ConfigLoader.parse(ConfigTemplate.render(changed), "rendered"));
  }

  @Test
  void render_registries_parsesBackToThem() {
    CoracleConfig withRegistries = ConfigLoader.parse("""
        [registries."docker.io"]
        mirrors = ["http://127.0.0.1:5000", "https://mirror.example/v2-base"]
        [registries."127.0.0.1:5001"]
        insecure = true
        ca_file = "/etc/coracle/ca.pem"
        """, "t");
    assertEquals(withRegistries, ConfigLoader.parse(ConfigTemplate.render(withRegistries), "rendered"));
  }

  @Test
  void render_runtimesMonitorAndPods_parseBackToThem() {
    CoracleConfig changed = ConfigLoader.parse("""
        default_runtime = "fast"
        [runtimes.fast]
        path = "/opt/crun/bin/crun"
        kind = "crun"
        root = "/run/fast"
        [runtimes.runc]
        [monitor]
        conmon = "/opt/conmon"
        log_size_max_bytes = 1048576
        [pods]
        infra_binary = "/opt/catatonit"
        shm_size_bytes = 1024
        """, "t");
    assertEquals("runc", changed.runtimes().get("runc").kind(), "kind defaults to the name");
    assertEquals(changed, ConfigLoader.parse(ConfigTemplate.render(changed), "rendered"));
  }

  @Test
  void readme_documentsEveryKey() throws Exception {
    Path readme = Path.of("../README.md");
    String text = Files.readString(readme);
    for (ConfigTemplate.Key key : ConfigTemplate.KEYS) {
      assertTrue(text.contains("`" + key.path() + "`"), "README.md's configuration reference lacks `" + key.path() + "`");
    }
  }
}

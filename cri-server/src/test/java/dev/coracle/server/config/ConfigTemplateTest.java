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
      assertTrue(rendered.contains("\n" + key.name() + " = "), key.path());
    }
    // A key added to the record but not documented would make this count differ.
    int recordKeys = CoracleConfig.class.getRecordComponents().length - 1
        + CoracleConfig.MetricsConfig.class.getRecordComponents().length;
    assertEquals(recordKeys, ConfigTemplate.KEYS.size());
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

package dev.coracle.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  private static String failure(String toml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse(toml, "test.toml")).getMessage();
  }

  @Test
  void load_missingDefaultFile_isBuiltInDefaults() {
    assertEquals(CoracleConfig.defaults(), ConfigLoader.load(dir.resolve("absent.toml"), false));
  }

  @Test
  void load_missingNamedFile_isRefused() {
    String message = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("absent.toml"), true))
        .getMessage();
    assertTrue(message.contains("absent.toml") && message.contains("no such file"), message);
  }

  @Test
  void defaults_areTheDocumentedOnes() {
    CoracleConfig c = CoracleConfig.defaults();
    assertEquals(Path.of("/var/lib/coracle"), c.rootDir());
    assertEquals(Path.of("/run/coracle"), c.stateDir());
    assertEquals("/run/coracle/coracle.sock", c.listen());
    assertEquals(10, c.shutdownTimeoutSeconds());
    assertEquals("auto", c.cgroupDriver());
    assertEquals("info", c.logLevel());
    assertTrue(c.metrics().enabled());
    assertEquals("127.0.0.1:9402", c.metrics().address());
    assertEquals("runc", c.defaultRuntime());
    assertTrue(c.runtimes().isEmpty());
    assertEquals(null, c.monitor().conmon());
    assertEquals(0L, c.monitor().logSizeMaxBytes());
    assertEquals(null, c.pods().infraBinary());
    assertEquals(64L << 20, c.pods().shmSizeBytes());
  }

  @Test
  void parse_emptyFile_isDefaults() {
    assertEquals(CoracleConfig.defaults(), ConfigLoader.parse("\n# nothing\n", "test.toml"));
  }

  @Test
  void parse_everyKey() {
    CoracleConfig c = ConfigLoader.parse("""
        root_dir = "/srv/coracle"
        state_dir = "/run/c2"
        listen = "/run/c2/cri.sock"
        shutdown_timeout_seconds = 3
        cgroup_driver = "cgroupfs"
        log_level = "debug"
        [metrics]
        enabled = false
        address = "[::1]:9500"
        """, "test.toml");
    assertEquals(Path.of("/srv/coracle"), c.rootDir());
    assertEquals("/run/c2/cri.sock", c.listen());
    assertEquals(3, c.shutdownTimeoutSeconds());
    assertEquals("cgroupfs", c.cgroupDriver());
    assertEquals("debug", c.logLevel());
    assertFalse(c.metrics().enabled());
    assertEquals("[::1]:9500", c.metrics().address());
  }

  @Test
  void parse_listenUnixScheme_keepsThePath() {
    assertEquals("/run/c2/cri.sock", ConfigLoader.parse("listen = \"unix:///run/c2/cri.sock\"", "t").listen());
  }

  @Test
  void parse_listenDefaultsIntoStateDir() {
    assertEquals("/run/c2/coracle.sock", ConfigLoader.parse("state_dir = \"/run/c2\"", "t").listen());
  }

  @Test
  void parse_partialSection_keepsOtherDefaults() {
    CoracleConfig c = ConfigLoader.parse("[metrics]\nenabled = false\n", "t");
    assertEquals("127.0.0.1:9402", c.metrics().address());
  }

  @Test
  void parse_unknownTopLevelKey_isNamed() {
    String message = failure("root_dirr = \"/x\"");
    assertTrue(message.contains("unknown key root_dirr") && message.contains("test.toml"), message);
  }

  @Test
  void parse_unknownNestedKey_isNamedWithItsSection() {
    String message = failure("[metrics]\nadress = \"127.0.0.1:1\"\n");
    assertTrue(message.contains("unknown key metrics.adress"), message);
  }

  @Test
  void parse_unknownSection_isNamed() {
    assertTrue(failure("[metric]\nenabled = true\n").contains("unknown key metric"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "shutdown_timeout_seconds = \"10\"|shutdown_timeout_seconds|an integer",
      "[metrics]\\nenabled = \"yes\"|metrics.enabled|true or false",
      "[metrics]\\nenabled = 1|metrics.enabled|true or false",
      "log_level = 3|log_level|a string",
      "metrics = 5|metrics|a table"})
  void parse_wrongType_namesKeyAndExpectedType(String toml, String key, String expected) {
    String message = failure(toml.replace("\\n", "\n"));
    assertTrue(message.contains("key " + key + " has the wrong type") && message.contains(expected), message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "cgroup_driver = \"cgroupv3\"|cgroup_driver",
      "[cni]\\nconf_dir = \"net.d\"|cni.conf_dir",
      "[cni]\\nbin_dirs = [\"bin\"]|cni.bin_dirs",
      "[cni]\\nplugin_timeout_seconds = 0|cni.plugin_timeout_seconds",
      "[cni]\\ndefault_subnets = []|cni.default_subnets needs at least one range",
      "[cni]\\ndefault_subnets = [\"10.88.0.0\"]|cni.default_subnets: \"10.88.0.0\" is not a CIDR range",
      "log_level = \"loud\"|log_level",
      "root_dir = \"relative/dir\"|root_dir",
      "listen = \"coracle.sock\"|listen",
      "listen = \"npipe:////./pipe/coracle\"|listen: named pipes (npipe:////./pipe/coracle) are served on Windows only",
      "shutdown_timeout_seconds = -1|shutdown_timeout_seconds",
      "[metrics]\\naddress = \"9402\"|metrics.address",
      "[metrics]\\naddress = \"::1:9402\"|metrics.address",
      "[metrics]\\naddress = \"127.0.0.1:70000\"|metrics.address",
      "default_runtime = \"kata\"|default_runtime \"kata\" is not a configured runtime (configured: crun, runc)",
      "default_runtime = \"runc\"\\n[runtimes.fast]\\nkind = \"crun\"|default_runtime \"runc\" is not a configured runtime (configured: fast)",
      "[runtimes.kata]\\npath = \"/usr/bin/kata\"|runtimes.\"kata\".kind must be \"runc\" or \"crun\" (it has no default",
      "[runtimes.runc]\\nkind = \"youki\"|runtimes.\"runc\".kind must be \"runc\" or \"crun\", not \"youki\"",
      "[runtimes.runc]\\npath = \"runc\"|runtimes.\"runc\".path must be an absolute path",
      "[runtimes.Bad_Name]\\nkind = \"runc\"|runtimes.\"Bad_Name\": a runtime handler's name",
      "[monitor]\\nconmon = \"conmon\"|monitor.conmon must be an absolute path",
      "[monitor]\\nlog_size_max_bytes = -1|monitor.log_size_max_bytes must not be negative",
      "[pods]\\ninfra_binary = \"bin/catatonit\"|pods.infra_binary must be an absolute path",
      "[pods]\\nshm_size_bytes = 0|pods.shm_size_bytes must be positive"})
  void parse_badValue_namesKey(String toml, String key) {
    String message = failure(toml.replace("\\n", "\n"));
    assertTrue(message.contains(key), message);
  }

  @Test
  void parse_brokenToml_saysSo() {
    assertTrue(failure("root_dir = ").contains("not valid TOML"));
  }

  @Test
  void load_realFile() throws Exception {
    Path file = dir.resolve("config.toml");
    Files.writeString(file, "log_level = \"warn\"\n");
    assertEquals("warn", ConfigLoader.load(file, true).logLevel());
  }
}

package dev.coracle.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void config_printsEffectiveConfigWithOverrides() throws Exception {
    Path file = dir.resolve("c.toml");
    Files.writeString(file, "log_level = \"warn\"\n");
    assertEquals(0, run("config", "--config", file.toString(), "--listen", "unix:///tmp/x.sock"));
    assertTrue(out().contains("listen = \"/tmp/x.sock\""), out());
    assertTrue(out().contains("log_level = \"warn\""), out());
  }

  @Test
  void config_namedMissingFile_exitsUsage() {
    assertEquals(Main.EXIT_USAGE, run("config", "--config", dir.resolve("none.toml").toString()));
    assertTrue(err().contains("no such file"), err());
  }

  @Test
  void config_unknownKey_exitsUsageNamingTheKey() throws Exception {
    Path file = dir.resolve("c.toml");
    Files.writeString(file, "[metrics]\nport = 1\n");
    assertEquals(Main.EXIT_USAGE, run("--config", file.toString()));
    assertTrue(err().contains("unknown key metrics.port"), err());
  }

  @Test
  void serve_missingProgram_exitsUsageNamingTheKey_beforeTheSocket() throws Exception {
    Path file = dir.resolve("c.toml");
    Files.writeString(file, """
        state_dir = "%s"
        root_dir = "%s"
        [pods]
        infra_binary = "%s"
        """.formatted(dir.resolve("state"), dir.resolve("root"), dir.resolve("no-catatonit")));
    assertEquals(Main.EXIT_USAGE, run("--config", file.toString()));
    assertTrue(err().contains("pods.infra_binary: " + dir.resolve("no-catatonit") + " is not an executable file"), err());
    assertFalse(Files.exists(dir.resolve("state/coracle.sock")));
  }

  @Test
  void serve_unknownDefaultRuntime_exitsUsageNamingTheKey() throws Exception {
    Path file = dir.resolve("c.toml");
    Files.writeString(file, "default_runtime = \"kata\"\n");
    assertEquals(Main.EXIT_USAGE, run("--config", file.toString()));
    assertTrue(err().contains("default_runtime \"kata\" is not a configured runtime"), err());
  }

  @Test
  void unknownOption_exitsUsage() {
    assertEquals(Main.EXIT_USAGE, run("--bogus"));
    assertTrue(err().contains("unknown option \"--bogus\""), err());
  }

  @Test
  void unknownCommand_exitsUsage() {
    assertEquals(Main.EXIT_USAGE, run("frobnicate"));
    assertTrue(err().contains("unknown command"), err());
  }

  @Test
  void badLogLevel_exitsUsage() {
    assertEquals(Main.EXIT_USAGE, run("--log-level", "chatty"));
    assertTrue(err().contains("--log-level"), err());
  }

  @Test
  void relativeListen_exitsUsage() {
    assertEquals(Main.EXIT_USAGE, run("--listen", "coracle.sock"));
  }

  @Test
  void pipeListenOnLinux_exitsUsage() {
    assertEquals(Main.EXIT_USAGE, run("--listen", "npipe:////./pipe/coracle"));
    assertTrue(err().contains("Windows only"), err());
  }

  @Test
  void optionWithoutValue_exitsUsage() {
    assertEquals(Main.EXIT_USAGE, run("--config"));
    assertTrue(err().contains("--config needs a value"), err());
  }

  @Test
  void version_printsNameAndVersion() {
    assertEquals(0, run("version"));
    assertTrue(out().startsWith("coracle "), out());
  }

  @Test
  void help_printsUsage() {
    assertEquals(0, run("--help"));
    assertTrue(out().contains("usage: coracle"), out());
  }

  @Test
  void service_onLinux_isRefusedAsUsage_beforeReadingAnyConfig() {
    assertEquals(Main.EXIT_USAGE, run("service", "--config", dir.resolve("none.toml").toString()));
    assertTrue(err().contains("Windows only"), err());
    assertTrue(err().contains("coracle serve"), err());
  }

  @Test
  void config_headerNamesTheFileRead() throws Exception {
    assertEquals(0, run("config"));
    assertTrue(out().startsWith("# Coracle configuration (/etc/coracle/config.toml)."), out());
  }
}

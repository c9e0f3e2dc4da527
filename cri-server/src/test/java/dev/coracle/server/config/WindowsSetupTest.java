package dev.coracle.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.hcs.backend.WindowsHandlers;
import dev.coracle.hcs.document.Isolation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowsSetupTest {

  private static CoracleConfig parse(String toml) {
    return ConfigLoader.parse(toml, "test.toml");
  }

  @Test
  void handlers_noneConfigured_areContainerdsTwo_processByDefault() {
    WindowsHandlers handlers = WindowsSetup.handlers(parse(""));
    assertEquals("runhcs-wcow-process", handlers.defaultHandler());
    assertEquals(Map.of("runhcs-wcow-process", Isolation.PROCESS, "runhcs-wcow-hypervisor", Isolation.HYPERV),
        handlers.byName());
  }

  @Test
  void handlers_configured_areExactlyThose_withTheDefaultNamed() {
    WindowsHandlers handlers = WindowsSetup.handlers(parse("""
        default_runtime = "isolated"
        [runtimes.shared]
        kind = "process"
        [runtimes.isolated]
        kind = "hypervisor"
        """));
    assertEquals("isolated", handlers.defaultHandler());
    assertEquals(List.of("isolated", "shared"), handlers.names());
    assertEquals(Isolation.HYPERV, handlers.isolation(""));
  }

  @Test
  void handlers_aLinuxKindOnWindows_orAnUnknownDefault_isRefusedNamingTheKey() {
    ConfigException linux = assertThrows(ConfigException.class,
        () -> WindowsSetup.handlers(parse("[runtimes.runc]\nkind = \"runc\"\n")));
    assertTrue(linux.getMessage().contains("runtimes.\"runc\".kind"), linux.getMessage());
    ConfigException unknown = assertThrows(ConfigException.class, () -> WindowsSetup.handlers(
        parse("default_runtime = \"fast\"\n[runtimes.fast]\nkind = \"crun\"\n[runtimes.vm]\nkind = \"hypervisor\"\n")));
    assertTrue(unknown.getMessage().contains("runs on Linux nodes only"), unknown.getMessage());
  }
}

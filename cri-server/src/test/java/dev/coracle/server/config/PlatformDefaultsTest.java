package dev.coracle.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.server.listen.ListenerKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformDefaultsTest {

  private static final PlatformDefaults WINDOWS = PlatformDefaults.forOs("Windows Server 2022");

  @ParameterizedTest
  @ValueSource(strings = {"Windows Server 2019", "Windows Server 2022", "Windows Server 2025", "Windows 11"})
  void forOs_windows_isProgramDataAndTheNamedPipe(String os) {
    PlatformDefaults windows = PlatformDefaults.forOs(os);
    assertTrue(windows.windows());
    assertEquals(ListenerKind.NAMED_PIPE, windows.listener());
    assertEquals("C:\\ProgramData\\coracle\\config.toml", windows.configFile().toString());
    assertEquals("C:\\ProgramData\\coracle\\root", windows.rootDir().toString());
    assertEquals("C:\\ProgramData\\coracle\\state", windows.stateDir().toString());
    assertEquals("C:\\ProgramData\\coracle\\cni\\conf", windows.cniConfDir().toString());
    assertEquals(List.of("C:\\ProgramData\\coracle\\cni\\bin"), windows.cniBinDirs().stream().map(Path::toString).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Linux", "", "FreeBSD"})
  void forOs_other_isTheLinuxLayout(String os) {
    PlatformDefaults linux = PlatformDefaults.forOs(os);
    assertFalse(linux.windows());
    assertEquals(Path.of("/etc/coracle/config.toml"), linux.configFile());
    assertEquals(Path.of("/var/lib/coracle"), linux.rootDir());
    assertEquals(Path.of("/run/coracle"), linux.stateDir());
    assertEquals(Path.of("/etc/cni/net.d"), linux.cniConfDir());
    assertEquals(List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni")), linux.cniBinDirs());
  }

  @Test
  void host_onThisLinuxMachine_isLinux() {
    assertEquals(PlatformDefaults.forOs(System.getProperty("os.name")), PlatformDefaults.host());
    assertEquals(PlatformDefaults.host().rootDir(), CoracleConfig.defaults().rootDir());
  }

  @Test
  void configDefaults_windows_takeEveryWindowsDefault() {
    CoracleConfig c = CoracleConfig.defaults(WINDOWS);
    assertEquals("C:\\ProgramData\\coracle\\root", c.rootDir().toString());
    assertEquals("C:\\ProgramData\\coracle\\state", c.stateDir().toString());
    assertEquals("npipe:////./pipe/coracle", c.listen());
    assertEquals("C:\\ProgramData\\coracle\\cni\\conf", c.cni().confDir().toString());
    assertEquals(List.of("C:\\ProgramData\\coracle\\cni\\bin"), c.cni().binDirs().stream().map(Path::toString).toList());
    // Everything else is the same on both.
    CoracleConfig linux = CoracleConfig.defaults(PlatformDefaults.forOs("Linux"));
    assertEquals(linux.cni().defaultSubnets(), c.cni().defaultSubnets());
    assertEquals(linux.metrics(), c.metrics());
    assertEquals(linux.windows(), c.windows());
  }

  @Test
  void configDefaults_linux_areTheBuiltInDefaultsHere() {
    assertEquals(CoracleConfig.defaults(), CoracleConfig.defaults(PlatformDefaults.forOs("Linux")));
    assertEquals("/run/coracle/coracle.sock", CoracleConfig.defaults().listen());
  }

  @Test
  void render_windowsDefaults_printsTheWindowsPathsAsLiteralStrings() {
    String rendered = ConfigTemplate.render(CoracleConfig.defaults(WINDOWS), WINDOWS.configFile());
    assertTrue(rendered.startsWith("# Coracle configuration (C:\\ProgramData\\coracle\\config.toml).\n"), rendered);
    assertTrue(rendered.contains("\nroot_dir = 'C:\\ProgramData\\coracle\\root'\n"), rendered);
    assertTrue(rendered.contains("\nstate_dir = 'C:\\ProgramData\\coracle\\state'\n"), rendered);
    assertTrue(rendered.contains("\nlisten = \"npipe:////./pipe/coracle\"\n"), rendered);
    assertTrue(rendered.contains("\nconf_dir = 'C:\\ProgramData\\coracle\\cni\\conf'\n"), rendered);
    assertTrue(rendered.contains("\nbin_dirs = ['C:\\ProgramData\\coracle\\cni\\bin']\n"), rendered);
  }

  @Test
  void render_windowsPaths_parseBackToTheSameStrings() {
    // On Linux a Windows path is not absolute, so the loader would refuse it as root_dir; a
    // mirror URL is a string the loader keeps as written, backslashes and all.
    CoracleConfig c = ConfigLoader.parse("""
        [registries."docker.io"]
        mirrors = ["http://127.0.0.1:5000/a\\\\b"]
        """, "t");
    String rendered = ConfigTemplate.render(c);
    assertTrue(rendered.contains("mirrors = ['http://127.0.0.1:5000/a\\b']"), rendered);
    assertEquals(c, ConfigLoader.parse(rendered, "rendered"));
  }

  @Test
  void builtInHandlers_perPlatform() {
    assertEquals(java.util.Set.of("runc", "crun"), PlatformDefaults.forOs("Linux").builtInHandlers());
    assertEquals(java.util.Set.of("runc", "runhcs-wcow-process", "runhcs-wcow-hypervisor"), WINDOWS.builtInHandlers());
  }

  @Test
  void parse_simulatedWindowsNode_takesAWindowsBuiltInAsDefaultRuntime() {
    CoracleConfig c = ConfigLoader.parse("""
        default_runtime = "runhcs-wcow-hypervisor"
        [windows]
        simulate_host_build = "10.0.20348"
        """, "t");
    assertEquals("runhcs-wcow-hypervisor", c.defaultRuntime());
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("default_runtime = \"runhcs-wcow-hypervisor\"\n", "t"));
    assertTrue(e.getMessage().contains("(configured: crun, runc)"), e.getMessage());
  }

  @Test
  void parse_windowsNodeWithItsOwnHandlers_needsNoDefaultRuntime() {
    CoracleConfig c = ConfigLoader.parse("""
        [windows]
        simulate_host_build = "10.0.20348"
        [runtimes."runhcs-wcow-process"]
        kind = "process"
        [runtimes."hyperv-2019"]
        kind = "hypervisor"
        """, "t");
    assertEquals("runhcs-wcow-process", WindowsSetup.handlers(c).defaultHandler());
    // On Linux the same tables without a default_runtime naming one of them are refused.
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("[runtimes.fast]\nkind = \"crun\"\n", "t"));
    assertTrue(e.getMessage().contains("default_runtime \"runc\" is not a configured runtime"), e.getMessage());
  }
}

package dev.coracle.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxSetupTest {

  @TempDir
  Path dir;

  private Path program(String name) throws IOException {
    Path file = Files.createDirectories(dir.resolve("bin")).resolve(name);
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** Programs found only in this test's bin directory. */
  private Function<String, Optional<Path>> finder() {
    return name -> Programs.find(name, dir.resolve("bin").toString())
        .filter(p -> p.startsWith(dir));
  }

  private CoracleConfig config(String toml) {
    return ConfigLoader.parse("state_dir = \"" + dir.resolve("state") + "\"\n" + toml, "test.toml");
  }

  @Test
  void resolve_builtIns_runcAlwaysCrunWhereInstalled() throws Exception {
    Path runc = program("runc");
    Path conmon = program("conmon");
    Path catatonit = program("catatonit");
    LinuxSetup setup = LinuxSetup.resolve(config(""), finder());
    assertEquals(List.of("runc"), List.copyOf(setup.handlers().names()));
    assertEquals(OciRuntimeSettings.runc(runc, dir.resolve("state/runtimes/runc")), setup.handlers().resolve(""));
    assertEquals(conmon, setup.conmon());
    assertEquals(catatonit, setup.infraBinary());
    assertEquals(64L << 20, setup.shmSizeBytes());

    Path crun = program("crun");
    setup = LinuxSetup.resolve(config(""), finder());
    assertEquals(List.of("crun", "runc"), List.copyOf(setup.handlers().names()));
    assertEquals(OciRuntimeSettings.crun(crun, dir.resolve("state/runtimes/crun")), setup.handlers().resolve("crun"));
  }

  @Test
  void resolve_configuredTables_only() throws Exception {
    program("runc");
    program("conmon");
    program("catatonit");
    Path other = program("my-crun");
    LinuxSetup setup = LinuxSetup.resolve(config("""
        default_runtime = "fast"
        [runtimes.fast]
        path = "%s"
        kind = "crun"
        root = "/run/fast-root"
        """.formatted(other)), finder());
    assertEquals(List.of("fast"), List.copyOf(setup.handlers().names()));
    assertEquals(OciRuntimeSettings.crun(other, Path.of("/run/fast-root")), setup.handlers().resolve(""));
  }

  @Test
  void resolve_missingPrograms_areRefusedNamingTheKey() throws Exception {
    String noRunc = assertThrows(InvalidArgumentException.class, () -> LinuxSetup.resolve(config(""), finder()))
        .getMessage();
    assertTrue(noRunc.contains("default_runtime \"runc\": the runc program is not installed"), noRunc);
    program("runc");
    String noConmon = assertThrows(InvalidArgumentException.class, () -> LinuxSetup.resolve(config(""), finder()))
        .getMessage();
    assertTrue(noConmon.contains("monitor.conmon: unset, and no conmon program"), noConmon);
    program("conmon");
    String badInfra = assertThrows(InvalidArgumentException.class, () -> LinuxSetup.resolve(
        config("[pods]\ninfra_binary = \"" + dir.resolve("nope") + "\""), finder())).getMessage();
    assertTrue(badInfra.contains("pods.infra_binary: " + dir.resolve("nope") + " is not an executable file"), badInfra);
    String noCrun = assertThrows(InvalidArgumentException.class, () -> LinuxSetup.resolve(
        config("default_runtime = \"crun\""), finder())).getMessage();
    assertTrue(noCrun.contains("default_runtime \"crun\": the crun program is not installed"), noCrun);
    String badPath = assertThrows(InvalidArgumentException.class, () -> LinuxSetup.resolve(
        config("[runtimes.runc]\npath = \"/no/such/runc\""), finder())).getMessage();
    assertTrue(badPath.contains("runtimes.\"runc\".path: /no/such/runc is not an executable file"), badPath);
  }
}

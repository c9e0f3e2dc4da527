package dev.coracle.cni.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessPluginExecTest {

  @TempDir Path dir;

  private Path script(String body) throws IOException {
    Path file = dir.resolve("plugin");
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void run_givesStdinAndExactlyTheEnvironmentAndKeepsBothStreams() throws Exception {
    Path plugin = script("read line; echo \"$CNI_COMMAND $line ${HOME:-nohome}\"; echo oops >&2; exit 3");

    PluginExec.Completed done = PluginExec.processes()
        .run(plugin, Map.of("CNI_COMMAND", "ADD", "PATH", "/usr/bin:/bin"),
            "{}\n".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));

    assertEquals(3, done.exitCode());
    assertEquals("ADD {} nohome\n", text(done.stdout()));
    assertEquals("oops\n", text(done.stderr()));
  }

  @Test
  void run_pluginThatNeverReadsALargeStdinStillEnds() throws Exception {
    Path plugin = script("echo done");

    PluginExec.Completed done = PluginExec.processes()
        .run(plugin, Map.of("PATH", "/usr/bin:/bin"), new byte[4 << 20], Duration.ofSeconds(30));

    assertEquals(0, done.exitCode());
    assertEquals("done\n", text(done.stdout()));
  }

  @Test
  void run_pastTheTimeoutThrows() throws Exception {
    Path plugin = script("exec sleep 600");

    assertThrows(TimeoutException.class, () -> PluginExec.processes()
        .run(plugin, Map.of("PATH", "/usr/bin:/bin"), new byte[0], Duration.ofMillis(300)));
  }

  @Test
  void run_missingBinaryIsAnIoFailure() {
    assertThrows(IOException.class, () -> PluginExec.processes()
        .run(dir.resolve("none"), Map.of(), new byte[0], Duration.ofSeconds(1)));
  }
}

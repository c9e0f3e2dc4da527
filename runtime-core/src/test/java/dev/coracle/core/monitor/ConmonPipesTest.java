package dev.coracle.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.oci.runtime.SystemProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FIFO handover with a shell script in conmon's place: what conmon would see. */
class ConmonPipesTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  private final SystemProcessRunner runner = new SystemProcessRunner();

  @Test
  void command_childWritesFd3AfterReadingFd4_andItsExitEndsTheSyncPipe() throws Exception {
    // Reports the fd numbers it was told, once the start pipe let it go; prints noise on stdout.
    String child = "read -r x <&4; echo \"{\\\"data\\\": $_OCI_SYNCPIPE$_OCI_STARTPIPE}\" >&3; echo noise";
    try (ConmonPipes pipes = ConmonPipes.open(dir, true)) {
      Process process = runner.start(pipes.command(List.of("/bin/sh", "-c", child)), pipes.environment());
      try (SyncPipe sync = pipes.sync("test")) {
        pipes.awaitChild(process, WAIT);
        assertThrows(java.util.concurrent.TimeoutException.class, () -> sync.next(Duration.ofMillis(200)),
            "nothing before the start pipe releases the child");

        pipes.release();

        assertEquals(34, sync.next(WAIT).orElseThrow().data());
        assertEquals(Optional.empty(), sync.next(WAIT), "end of file once the child is gone");
        assertEquals(0, process.waitFor());
      }
    }
    assertEquals(List.of(), Files.list(dir).toList(), "the FIFOs are removed");
  }

  @Test
  void command_withoutStartPipe_leavesFd4Closed() throws Exception {
    String child = "if [ -e /proc/self/fd/4 ]; then n=1; else n=0; fi; echo \"{\\\"data\\\": 1$n${_OCI_STARTPIPE:-9}}\" >&3";
    try (ConmonPipes pipes = ConmonPipes.open(dir, false)) {
      Process process = runner.start(pipes.command(List.of("/bin/sh", "-c", child)), pipes.environment());
      try (SyncPipe sync = pipes.sync("test")) {
        pipes.awaitChild(process, WAIT);

        assertEquals(109, sync.next(WAIT).orElseThrow().data(), "1, no fd 4, no _OCI_STARTPIPE");
      }
    }
  }

  @Test
  void awaitChild_shellFails_isAnIOException() throws Exception {
    try (ConmonPipes pipes = ConmonPipes.open(dir, false)) {
      List<String> command = new java.util.ArrayList<>(pipes.command(List.of("/bin/true")));
      command.set(3, dir.resolve("missing-dir/sync").toString());
      Process process = runner.start(command, pipes.environment());

      IOException e = assertThrows(IOException.class, () -> pipes.awaitChild(process, WAIT));

      assertTrue(e.getMessage().contains("failed"), e.getMessage());
    }
  }
}

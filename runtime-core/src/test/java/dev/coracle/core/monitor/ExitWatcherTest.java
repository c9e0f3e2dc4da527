package dev.coracle.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitWatcherTest {

  @TempDir
  Path exits;

  private final BlockingQueue<ContainerExit> heard = new LinkedBlockingQueue<>();

  /** As conmon does it: a temporary name, then a rename. */
  private void record(String id, String code) throws IOException {
    Path temp = exits.resolve(id + ".Xk3ZqA");
    Files.writeString(temp, code);
    Files.move(temp, exits.resolve(id), StandardCopyOption.ATOMIC_MOVE);
  }

  private ContainerExit next() throws InterruptedException {
    return heard.poll(1, TimeUnit.SECONDS);
  }

  @Test
  void start_exitRecorded_isHeardWithinASecond() throws Exception {
    try (ExitWatcher watcher = ExitWatcher.start(exits, heard::add)) {
      record("c1", "143");

      ContainerExit exit = next();

      assertEquals("c1", exit.containerId());
      assertEquals(143, exit.exitCode());
      assertEquals(Files.getLastModifiedTime(exits.resolve("c1")).toInstant(), exit.exitTime());
      assertNull(heard.poll(200, TimeUnit.MILLISECONDS), "the temporary file is not an exit");
    }
  }

  @Test
  void scan_exitsRecordedBeforeTheStart_areFoundOnce() throws Exception {
    record("a", "0");
    record("b", "3\n");
    try (ExitWatcher watcher = ExitWatcher.start(exits, heard::add)) {
      List<ContainerExit> found = watcher.scan();

      assertEquals(List.of("a:0", "b:3"), found.stream().map(e -> e.containerId() + ":" + e.exitCode()).sorted().toList());
      assertEquals(List.of(), watcher.scan());
      assertNull(heard.poll(200, TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void start_fileDeletedAndRecordedAgain_isHeardAgain() throws Exception {
    try (ExitWatcher watcher = ExitWatcher.start(exits, heard::add)) {
      record("c1", "0");
      assertEquals(0, next().exitCode());

      Files.delete(exits.resolve("c1"));
      record("c1", "137");

      assertEquals(137, next().exitCode());
    }
  }

  @Test
  void start_unreadableExitFile_isSkippedUntilItHoldsACode() throws Exception {
    try (ExitWatcher watcher = ExitWatcher.start(exits, heard::add)) {
      Files.writeString(exits.resolve("c1"), "");
      assertNull(heard.poll(200, TimeUnit.MILLISECONDS));

      Files.writeString(exits.resolve("c1"), "2");

      assertEquals(2, next().exitCode());
    }
  }

  @Test
  void start_listenerThatThrows_doesNotStopTheWatch() throws Exception {
    try (ExitWatcher watcher = ExitWatcher.start(exits, exit -> {
      heard.add(exit);
      throw new IllegalStateException("listener bug");
    })) {
      record("a", "1");
      record("b", "2");

      assertEquals(List.of("a", "b"), List.of(next().containerId(), next().containerId()));
    }
  }
}

package dev.coracle.core.monitor;

import java.nio.file.Path;

/** Waits for conmon to record an exit, for tests that need a stopped container. */
final class ExitWatcherTestSupport {

  private ExitWatcherTestSupport() {}

  static ContainerExit awaitExitFile(Path exitDir, String id) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      var exit = ExitWatcher.read(exitDir, id);
      if (exit.isPresent()) {
        return exit.get();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no exit recorded for " + id);
  }
}

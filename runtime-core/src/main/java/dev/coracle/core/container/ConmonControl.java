package dev.coracle.core.container;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.UnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * conmon's control FIFO ({@code ctl} in the bundle): one text line per message,
 * {@code "<type> <height> <width>\n"}, type 1 resizing the terminal and type 2 reopening the log.
 */
final class ConmonControl {

  private static final int REOPEN_LOGS = 2;
  private static final long TIMEOUT_SECONDS = 5;

  private ConmonControl() {}

  static void reopenLog(Path bundle, String id) {
    send(bundle, id, REOPEN_LOGS + " 0 0\n");
  }

  /**
   * Opening a FIFO for writing waits for a reader; conmon keeps its end open while it lives, so
   * the open is bounded in time rather than trusted.
   */
  private static void send(Path bundle, String id, String line) {
    Path fifo = bundle.resolve("ctl");
    if (!Files.exists(fifo)) {
      throw new FailedPreconditionException("container " + id + " has no control pipe: its monitor is gone");
    }
    CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write(line.getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, runnable -> Thread.ofVirtual().name("conmon-ctl " + id).start(runnable));
    try {
      write.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      releaseWriter(fifo);
      throw new UnavailableException("container " + id + ": its monitor did not read the control pipe within "
          + TIMEOUT_SECONDS + " s");
    } catch (ExecutionException e) {
      throw new InternalException("cannot write to the control pipe of container " + id + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while writing to the control pipe of container " + id);
    }
  }

  /** A writer blocked in open() waits for a reader: be that reader once, so no thread stays stuck. */
  private static void releaseWriter(Path fifo) {
    Thread.ofVirtual().name("conmon-ctl release").start(() -> {
      try (var in = Files.newInputStream(fifo)) {
        in.readAllBytes();
      } catch (IOException e) {
        // The FIFO went away with its container: nothing is stuck on it then.
      }
    });
  }
}

package dev.coracle.core.monitor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The read end of conmon's sync pipe, read on a daemon thread so that waiting for the next
 * message can time out: a pipe read cannot.
 */
final class SyncPipe implements AutoCloseable {

  private static final Object END = new Object();

  private final InputStream in;
  private final LinkedBlockingQueue<Object> lines = new LinkedBlockingQueue<>();

  private SyncPipe(InputStream in) {
    this.in = in;
  }

  static SyncPipe read(InputStream in, String name) {
    SyncPipe pipe = new SyncPipe(in);
    Thread.ofPlatform().daemon().name("conmon-sync " + name).start(pipe::readLines);
    return pipe;
  }

  /**
   * The next message, or empty once conmon closed the pipe (it exited).
   *
   * @throws TimeoutException when no message arrived within {@code wait}
   */
  Optional<SyncMessage> next(Duration wait) throws TimeoutException, InterruptedException {
    Object line = lines.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    if (line == null) {
      throw new TimeoutException("no message from conmon within " + wait.toMillis() + " ms");
    }
    if (line == END) {
      lines.add(END);
      return Optional.empty();
    }
    if (line instanceof IOException e) {
      throw new IllegalStateException("cannot read conmon's sync pipe: " + e.getMessage(), e);
    }
    return Optional.of(SyncMessage.parse((String) line));
  }

  private void readLines() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      lines.add(e);
    }
    lines.add(END);
  }

  /**
   * Stops reading. A created container's conmon keeps the write end for its whole life and
   * writes nothing more; closing our end does not disturb it.
   */
  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // The reader thread ends with the pipe either way.
    }
  }
}

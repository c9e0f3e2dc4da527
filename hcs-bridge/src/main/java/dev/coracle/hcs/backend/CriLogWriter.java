package dev.coracle.hcs.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a container's output to its log in the CRI format kubelet reads:
 * {@code <RFC 3339 nanos> <stream> <F|P> <text>}, one line per record, a line longer than the
 * buffer split into partial (P) records. On Linux conmon does this; on Windows the daemon
 * holds the pipes, so it does.
 */
final class CriLogWriter {

  private static final Logger log = LoggerFactory.getLogger(CriLogWriter.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnnXXX")
      .withZone(ZoneOffset.UTC);
  private static final int MAX_LINE = 16 * 1024;

  private final Path file;
  private OutputStream out;
  private final List<Thread> pumps = new CopyOnWriteArrayList<>();

  CriLogWriter(Path file) throws IOException {
    this.file = file;
    this.out = open(file);
  }

  /** Copies one stream on a thread of its own until it ends. */
  Thread pump(InputStream in, String stream, String containerId) {
    Thread pump = Thread.ofPlatform().name("coracle-log-" + containerId.substring(0, Math.min(12, containerId.length()))
        + "-" + stream).daemon(true).start(() -> copy(in, stream));
    pumps.add(pump);
    return pump;
  }

  /**
   * Waits up to {@code limit} for the pumps to copy what the pipes still hold: once the process
   * has exited they end at end of file. Closing the pipes before that loses the output's tail.
   */
  void drain(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    for (Thread pump : pumps) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        pump.join(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** After kubelet moved the log away: write to a new file at the same path. */
  synchronized void reopen() throws IOException {
    out.close();
    out = open(file);
  }

  synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      log.warn("closing log {}: {}", file, e.toString());
    }
  }

  private void copy(InputStream in, String stream) {
    byte[] line = new byte[MAX_LINE];
    int length = 0;
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          if (b == '\n') {
            record(stream, 'F', line, length);
            length = 0;
          } else {
            if (length == MAX_LINE) {
              record(stream, 'P', line, length);
              length = 0;
            }
            line[length++] = b;
          }
        }
      }
      if (length > 0) {
        record(stream, 'F', line, length);
      }
    } catch (IOException e) {
      log.debug("log pump {} of {} ended: {}", stream, file, e.toString());
    }
  }

  private synchronized void record(String stream, char tag, byte[] text, int length) throws IOException {
    int end = length > 0 && text[length - 1] == '\r' ? length - 1 : length;
    out.write((TIME.format(Instant.now()) + " " + stream + " " + tag + " ").getBytes(StandardCharsets.US_ASCII));
    out.write(text, 0, end);
    out.write('\n');
    out.flush();
  }

  private static OutputStream open(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}

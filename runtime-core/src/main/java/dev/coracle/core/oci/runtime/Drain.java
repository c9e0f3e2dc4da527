package dev.coracle.core.oci.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Reads a child's output pipe to its end on a daemon thread, keeping the first bytes up to a
 * cap and discarding the rest, so a chatty or stuck child can neither block nor exhaust us.
 */
public final class Drain {

  /** Far more than any runtime command prints. */
  public static final int CAP = 16 << 20;

  private final InputStream in;
  private final int cap;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final Thread reader;

  private Drain(InputStream in, int cap) {
    this.in = in;
    this.cap = cap;
    this.reader = Thread.ofPlatform().daemon().name("drain").unstarted(this::readToEnd);
  }

  public static Drain start(InputStream in, int cap) {
    Drain drain = new Drain(in, cap);
    drain.reader.start();
    return drain;
  }

  /**
   * The bytes read, once the pipe ended or {@code wait} passed; in the latter case the pipe is
   * closed (a daemon the child left behind may hold its write end forever).
   */
  public byte[] finish(Duration wait) throws InterruptedException {
    if (!reader.join(wait)) {
      closeQuietly();
      reader.join(Duration.ofSeconds(1));
    }
    synchronized (kept) {
      return kept.toByteArray();
    }
  }

  private void readToEnd() {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        synchronized (kept) {
          kept.write(buffer, 0, Math.min(n, cap - kept.size()));
        }
      }
    } catch (IOException e) {
      // Closed by finish(): what was read so far is the answer.
    }
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException e) {
      // Nothing more to read either way.
    }
  }
}

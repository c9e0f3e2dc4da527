package dev.coracle.core.image.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One client connection through a {@link FaultyProxy}: requests go upstream unchanged; responses
 * come back through the armed faults. Requests are parsed too, only to know which responses are
 * to HEAD and so carry no body; each direction finds message ends by Content-Length or chunking.
 */
final class ProxyConnection {

  private final Socket client;
  private final Socket upstream;
  private final ProxyFaults faults;
  /** The proxy's open connections, which this one joins on start and leaves on close. */
  private final Set<ProxyConnection> open;
  /** Methods of requests sent upstream whose responses have not come back yet. */
  private final Queue<String> pending = new ConcurrentLinkedQueue<>();

  ProxyConnection(Socket client, Socket upstream, ProxyFaults faults, Set<ProxyConnection> open) {
    this.client = client;
    this.upstream = upstream;
    this.faults = faults;
    this.open = open;
  }

  void start(String name) {
    open.add(this);
    Thread.ofPlatform().daemon().name(name + "-requests").start(this::pumpRequests);
    Thread.ofPlatform().daemon().name(name + "-responses").start(this::pumpResponses);
  }

  void close() {
    closeQuietly(client);
    closeQuietly(upstream);
    open.remove(this);
  }

  private void pumpRequests() {
    try {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = new BufferedOutputStream(upstream.getOutputStream());
      for (HttpHead head = HttpHead.read(in); head != null; head = HttpHead.read(in)) {
        // Queued before the request leaves, so its response always finds it.
        pending.add(head.method());
        out.write(head.raw());
        copyBody(head, in, out, null);
        out.flush();
      }
      upstream.shutdownOutput();
    } catch (IOException e) {
      close();
    }
  }

  private void pumpResponses() {
    try {
      InputStream in = new BufferedInputStream(upstream.getInputStream());
      OutputStream out = new BufferedOutputStream(client.getOutputStream());
      for (HttpHead head = HttpHead.read(in); head != null; head = HttpHead.read(in)) {
        int status = head.status();
        // An interim 1xx answer is followed by the real one for the same request.
        String method = status / 100 == 1 ? pending.peek() : pending.poll();
        out.write(head.raw());
        boolean bodiless = "HEAD".equals(method) || status / 100 == 1 || status == 204 || status == 304;
        if (!bodiless) {
          BodyFaults body = new BodyFaults(faults, out, head.chunked() ? -1 : head.contentLength());
          if (!copyBody(head, in, out, body)) {
            out.flush();
            break;
          }
        }
        out.flush();
      }
    } catch (IOException | CutException e) {
      // A cut, or either side went away: both sockets close below.
    } finally {
      close();
    }
  }

  /**
   * Copies one message body. Body bytes go through {@code faults} when given; chunk framing
   * never does, so offsets count payload bytes only.
   *
   * @return false if the body ran to the end of the stream (no length given), so nothing follows
   */
  private static boolean copyBody(HttpHead head, InputStream in, OutputStream out, BodyFaults faults)
      throws IOException {
    if (head.chunked()) {
      copyChunked(in, out, faults);
    } else if (head.contentLength() >= 0) {
      copy(in, out, head.contentLength(), faults);
    } else if (faults != null) {
      copy(in, out, Long.MAX_VALUE, faults);
      faults.end();
      return false;
    }
    if (faults != null) {
      faults.end();
    }
    return true;
  }

  private static void copyChunked(InputStream in, OutputStream out, BodyFaults faults) throws IOException {
    while (true) {
      String sizeLine = readLine(in, out);
      int semicolon = sizeLine.indexOf(';');
      long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        // Trailers, if any, then the blank line that ends the message.
        while (!readLine(in, out).isEmpty()) {
          // forwarded as read
        }
        return;
      }
      copy(in, out, size, faults);
      readLine(in, out);
    }
  }

  /** Reads one CRLF-terminated line, forwards it raw, returns it without the CRLF. */
  private static String readLine(InputStream in, OutputStream out) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); ; b = in.read()) {
      if (b < 0) {
        throw new EOFException("stream ended inside chunk framing");
      }
      out.write(b);
      if (b == '\n') {
        int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        return line.substring(0, end);
      }
      line.append((char) b);
    }
  }

  /** Copies {@code length} bytes, or to the end of the stream when length is Long.MAX_VALUE. */
  private static void copy(InputStream in, OutputStream out, long length, BodyFaults faults) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    for (long left = length; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        if (length == Long.MAX_VALUE) {
          return;
        }
        throw new EOFException("stream ended " + left + " bytes before the end of a body");
      }
      if (faults == null) {
        out.write(buffer, 0, n);
      } else {
        faults.write(buffer, n);
      }
      left -= n;
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all that was asked; a socket that fails to close is closed enough.
    }
  }

  /** Thrown to stop forwarding once an armed cut has let its bytes through. */
  private static final class CutException extends RuntimeException {
    CutException() {
      super("connection cut by the faulty proxy", null, false, false);
    }
  }

  /** The faults as they apply to one response body: its own corruption offset, the shared cut budget. */
  private static final class BodyFaults {
    private final ProxyFaults faults;
    private final OutputStream out;
    private final long corruptAt;
    private long position;
    private boolean corrupted;

    BodyFaults(ProxyFaults faults, OutputStream out, long bodyLength) {
      this.faults = faults;
      this.out = out;
      this.corruptAt = faults.claimCorruption(bodyLength);
    }

    void write(byte[] buffer, int length) throws IOException {
      if (corruptAt >= position && corruptAt < position + length) {
        buffer[(int) (corruptAt - position)] ^= (byte) 0xff;
        corrupted = true;
        faults.corrupted();
      }
      position += length;
      int allowed = faults.allow(length);
      out.write(buffer, 0, allowed);
      if (allowed < length) {
        out.flush();
        throw new CutException();
      }
    }

    /** The body is over: an unused corruption waits for the next long enough body. */
    void end() {
      if (corruptAt >= 0 && !corrupted) {
        faults.returnCorruption(corruptAt);
      }
    }
  }
}

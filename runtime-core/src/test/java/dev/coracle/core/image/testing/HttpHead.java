package dev.coracle.core.image.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The start line and headers of one HTTP/1.1 message, kept as raw bytes to forward unchanged,
 * with just enough parsed to find where the body ends.
 */
record HttpHead(byte[] raw, String startLine, long contentLength, boolean chunked) {

  private static final int MAX_HEAD = 64 * 1024;
  private static final int CRLF_CRLF = 0x0d0a0d0a;

  /** Reads up to and including the blank line; null if the stream ends cleanly before a message. */
  static HttpHead read(InputStream in) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    int lastFour = 0;
    while (lastFour != CRLF_CRLF) {
      int b = in.read();
      if (b < 0) {
        if (raw.size() == 0) {
          return null;
        }
        throw new EOFException("stream ended inside an HTTP head");
      }
      raw.write(b);
      lastFour = (lastFour << 8) | b;
      if (raw.size() > MAX_HEAD) {
        throw new IOException("HTTP head longer than " + MAX_HEAD + " bytes");
      }
    }
    return parse(raw.toByteArray());
  }

  private static HttpHead parse(byte[] raw) {
    String[] lines = new String(raw, StandardCharsets.ISO_8859_1).split("\r\n");
    long contentLength = -1;
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      if (name.equals("content-length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equals("transfer-encoding")) {
        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
      }
    }
    return new HttpHead(raw, lines[0], contentLength, chunked);
  }

  /** A request's method. */
  String method() {
    return word(0);
  }

  /** A response's status code, 0 if the line is malformed. */
  int status() {
    try {
      return Integer.parseInt(word(1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private String word(int index) {
    String[] words = startLine.split(" ");
    return words.length > index ? words[index] : "";
  }
}

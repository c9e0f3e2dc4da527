package dev.coracle.core.monitor;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * One line of a CRI log file: {@code <RFC 3339 time> <stream> <tags> <content>}.
 *
 * @param partial true for a "P" line: the program wrote no newline after this content (yet)
 * @param content the bytes as the program wrote them, without the newline
 */
public record CriLogEntry(OffsetDateTime time, LogStream stream, boolean partial, byte[] content) {

  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }
}

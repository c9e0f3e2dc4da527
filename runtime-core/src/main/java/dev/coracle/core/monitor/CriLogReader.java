package dev.coracle.core.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the CRI log format that conmon writes ({@code k8s-file}): one entry per line,
 * {@code 2024-01-01T00:00:00.000000000Z stdout F text}. conmon writes the offset as
 * {@code +00:00} rather than {@code Z}; both are RFC 3339. Tags are separated by ':' and the
 * first is F (full: a newline followed) or P (partial: it did not).
 */
public final class CriLogReader {

  /** conmon splits lines at 8 KiB; anything far longer is not a line it wrote. */
  private static final int MAX_LINE = 1 << 20;

  private CriLogReader() {}

  /** Parses one line (without its newline); empty when it is not in the CRI format. */
  public static Optional<CriLogEntry> parse(byte[] line) {
    int timeEnd = indexOf(line, (byte) ' ', 0);
    int streamEnd = timeEnd < 0 ? -1 : indexOf(line, (byte) ' ', timeEnd + 1);
    if (streamEnd < 0) {
      return Optional.empty();
    }
    int tagsEnd = indexOf(line, (byte) ' ', streamEnd + 1);
    int contentStart = tagsEnd < 0 ? line.length : tagsEnd + 1;
    String tags = ascii(line, streamEnd + 1, tagsEnd < 0 ? line.length : tagsEnd);
    LogStream stream = switch (ascii(line, timeEnd + 1, streamEnd)) {
      case "stdout" -> LogStream.STDOUT;
      case "stderr" -> LogStream.STDERR;
      default -> null;
    };
    String first = tags.split(":", -1)[0];
    if (stream == null || !(first.equals("F") || first.equals("P"))) {
      return Optional.empty();
    }
    try {
      OffsetDateTime time = OffsetDateTime.parse(ascii(line, 0, timeEnd), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return Optional.of(new CriLogEntry(time, stream, first.equals("P"),
          Arrays.copyOfRange(line, contentStart, line.length)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Every well-formed entry of a log file; lines in another format are skipped. */
  public static List<CriLogEntry> read(Path file) throws IOException {
    List<CriLogEntry> entries = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      Lines lines = new Lines(in);
      for (byte[] line; (line = lines.next()) != null; ) {
        parse(line).ifPresent(entries::add);
      }
    }
    return entries;
  }

  /**
   * A process's output rebuilt from its log: the content of each stream in order, with a
   * newline after every full line, keeping at most {@code cap} bytes of each.
   */
  public static Output output(Path file, int cap) throws IOException {
    Capped stdout = new Capped(cap);
    Capped stderr = new Capped(cap);
    try (InputStream in = Files.newInputStream(file)) {
      Lines lines = new Lines(in);
      for (byte[] line; (line = lines.next()) != null; ) {
        Optional<CriLogEntry> entry = parse(line);
        if (entry.isPresent()) {
          Capped target = entry.get().stream() == LogStream.STDOUT ? stdout : stderr;
          target.add(entry.get().content());
          if (!entry.get().partial()) {
            target.add(new byte[] {'\n'});
          }
        }
      }
    }
    return new Output(stdout.bytes(), stderr.bytes(), stdout.truncated || stderr.truncated);
  }

  /**
   * A process's two outputs.
   *
   * @param truncated true when either stream was longer than the cap
   */
  public record Output(byte[] stdout, byte[] stderr, boolean truncated) {}

  /** Splits a stream into lines without their newlines; a line longer than the limit is cut. */
  private static final class Lines {
    private final InputStream in;
    private final byte[] buffer = new byte[64 << 10];
    private int position;
    private int limit;

    Lines(InputStream in) {
      this.in = in;
    }

    /** The next line, null at the end. */
    byte[] next() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      boolean any = false;
      while (true) {
        if (position == limit) {
          limit = Math.max(0, in.read(buffer));
          position = 0;
          if (limit == 0) {
            return any ? line.toByteArray() : null;
          }
        }
        any = true;
        int end = indexOf(buffer, (byte) '\n', position, limit);
        int stop = end < 0 ? limit : end;
        line.write(buffer, position, Math.min(stop - position, Math.max(0, MAX_LINE - line.size())));
        position = end < 0 ? limit : end + 1;
        if (end >= 0) {
          return line.toByteArray();
        }
      }
    }
  }

  private static int indexOf(byte[] bytes, byte wanted, int from) {
    return indexOf(bytes, wanted, from, bytes.length);
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static String ascii(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
  }

  private static final class Capped {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int cap;
    private boolean truncated;

    Capped(int cap) {
      this.cap = cap;
    }

    void add(byte[] bytes) {
      int room = cap - kept.size();
      if (bytes.length > room) {
        truncated = true;
      }
      kept.write(bytes, 0, Math.min(room, bytes.length));
    }

    byte[] bytes() {
      return kept.toByteArray();
    }
  }
}

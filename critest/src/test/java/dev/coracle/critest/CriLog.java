package dev.coracle.critest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container log in the CRI format kubelet reads: one entry per line,
 * {@code TIMESTAMP STREAM TAG CONTENT}, with an RFC 3339 timestamp (nanoseconds allowed),
 * {@code stdout} or {@code stderr}, and {@code F} for a full line or {@code P} for a part of one
 * that the next entries of the stream continue.
 */
record CriLog(List<Entry> entries) {

  private static final Pattern LINE = Pattern.compile("^(\\S+) (stdout|stderr) ([FP]) (.*)$");

  record Entry(OffsetDateTime time, String stream, boolean partial, String content) {}

  /** Reads the log; a missing file is an empty log. Fails on any line not in the format. */
  static CriLog read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return new CriLog(List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Entry> entries = new ArrayList<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a CRI log line in " + file + ": \"" + line + "\"");
      }
      try {
        entries.add(new Entry(OffsetDateTime.parse(m.group(1)), m.group(2), m.group(3).equals("P"), m.group(4)));
      } catch (DateTimeParseException e) {
        throw new AssertionError("not an RFC 3339 timestamp in " + file + ": \"" + line + "\"", e);
      }
    }
    return new CriLog(List.copyOf(entries));
  }

  /** The full lines of one stream, partial entries joined as kubelet joins them. */
  List<String> lines(String stream) {
    List<String> lines = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (Entry entry : entries) {
      if (!entry.stream().equals(stream)) {
        continue;
      }
      pending.append(entry.content());
      if (!entry.partial()) {
        lines.add(pending.toString());
        pending.setLength(0);
      }
    }
    return lines;
  }
}

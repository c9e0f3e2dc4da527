package dev.coracle.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CriLogReaderTest {

  @TempDir
  Path dir;

  private static Optional<CriLogEntry> parse(String line) {
    return CriLogReader.parse(line.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_fullLineWithZuluTime() {
    CriLogEntry entry = parse("2024-01-01T00:00:00.000000000Z stdout F hello world").orElseThrow();

    assertEquals(Instant.parse("2024-01-01T00:00:00Z"), entry.time().toInstant());
    assertEquals(LogStream.STDOUT, entry.stream());
    assertFalse(entry.partial());
    assertEquals("hello world", entry.text());
  }

  @Test
  void parse_conmonsOffsetTimeAndPartialStderr() {
    CriLogEntry entry = parse("2026-11-30T01:29:26.698794544+00:00 stderr P def").orElseThrow();

    assertEquals(Instant.parse("2026-11-30T01:29:26.698794544Z"), entry.time().toInstant());
    assertEquals(LogStream.STDERR, entry.stream());
    assertTrue(entry.partial());
    assertEquals("def", entry.text());
  }

  @Test
  void parse_emptyLine_hasEmptyContent() {
    assertEquals("", parse("2024-01-01T00:00:00Z stdout F ").orElseThrow().text());
    assertEquals("", parse("2024-01-01T00:00:00Z stdout F").orElseThrow().text());
  }

  @Test
  void parse_moreTagsAndSpacesInContent_keepsContentWhole() {
    CriLogEntry entry = parse("2024-01-01T00:00:00Z stdout F:x  two  spaces ").orElseThrow();

    assertEquals(" two  spaces ", entry.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "2024-01-01T00:00:00Z stdin F x", "2024-01-01T00:00:00Z stdout X x",
      "yesterday stdout F x"})
  void parse_notCriFormat_isEmpty(String line) {
    assertEquals(Optional.empty(), parse(line));
  }

  @Test
  void output_rebuildsEachStreamWithNewlinesOnlyAfterFullLines() throws Exception {
    Path log = dir.resolve("log");
    Files.writeString(log, """
        2024-01-01T00:00:00Z stdout P ab
        2024-01-01T00:00:00Z stdout F c
        2024-01-01T00:00:00Z stderr F err
        not a log line
        2024-01-01T00:00:00Z stdout P end
        """);

    CriLogReader.Output output = CriLogReader.output(log, 1024);

    assertEquals("abc\nend", new String(output.stdout(), StandardCharsets.UTF_8));
    assertEquals("err\n", new String(output.stderr(), StandardCharsets.UTF_8));
    assertFalse(output.truncated());
  }

  @Test
  void output_pastTheCap_keepsTheFirstBytes() throws Exception {
    Path log = dir.resolve("log");
    Files.writeString(log, "2024-01-01T00:00:00Z stdout F 0123456789\n2024-01-01T00:00:00Z stdout F more\n");

    CriLogReader.Output output = CriLogReader.output(log, 4);

    assertEquals("0123", new String(output.stdout(), StandardCharsets.UTF_8));
    assertTrue(output.truncated());
  }

  @Test
  void output_linesAcrossReadBuffers_areSplitAtTheirNewlines() throws Exception {
    Path log = dir.resolve("log");
    String long1 = "a".repeat(70_000);
    String long2 = "b".repeat(140_000);
    Files.writeString(log, "2024-01-01T00:00:00Z stdout P " + long1 + "\n2024-01-01T00:00:00Z stdout F " + long2
        + "\n2024-01-01T00:00:00Z stderr F last");

    CriLogReader.Output output = CriLogReader.output(log, 1 << 20);

    assertEquals(long1 + long2 + "\n", new String(output.stdout(), StandardCharsets.UTF_8));
    assertEquals("last\n", new String(output.stderr(), StandardCharsets.UTF_8));
  }

  @Test
  void read_keepsBytesThatAreNotUtf8() throws Exception {
    Path log = dir.resolve("log");
    byte[] line = "2024-01-01T00:00:00Z stdout F \u0000\n".getBytes(StandardCharsets.UTF_8);
    line[line.length - 2] = (byte) 0xff;
    Files.write(log, line);

    List<CriLogEntry> entries = CriLogReader.read(log);

    assertEquals(1, entries.size());
    assertEquals((byte) 0xff, entries.getFirst().content()[0]);
  }
}

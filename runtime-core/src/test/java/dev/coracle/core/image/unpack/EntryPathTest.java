package dev.coracle.core.image.unpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntryPathTest {

  @ParameterizedTest(name = "\"{0}\" is \"{1}\"")
  @CsvSource(emptyValue = "", value = {
      "etc/passwd, etc/passwd",
      "./etc/passwd, etc/passwd",
      "/etc/passwd, etc/passwd",
      "//etc//passwd/, etc/passwd",
      "etc/./x/../passwd, etc/passwd",
      "a/.., ''",
      "./, ''",
      "., ''",
      "'', ''",
      "/, ''",
      "..., ...",
      ".wh...x, .wh...x"})
  void parse_normalisesLexically(String name, String normalised) {
    assertEquals(normalised, EntryPath.parse(name).orElseThrow().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../../x", "/../x", "./../x", "a/b/../../../x", "a/../.."})
  void parse_climbingAboveTheRoot_isEmpty(String name) {
    assertEquals(Optional.empty(), EntryPath.parse(name));
  }

  @ParameterizedTest(name = "link at {0} to \"{1}\" leads to \"{2}\"")
  @CsvSource(emptyValue = "", value = {
      "bin/sh, /bin/busybox, bin/busybox",
      "bin/sh, busybox, bin/busybox",
      "usr/bin/x, ../lib/y, usr/lib/y",
      "a, /, ''",
      "a/b, .., ''"})
  void symlinkTarget_insideTheRoot(String link, String target, String leadsTo) {
    EntryPath from = EntryPath.parse(link).orElseThrow();
    assertEquals(leadsTo, EntryPath.symlinkTarget(from, target).orElseThrow().toString());
  }

  @ParameterizedTest
  @CsvSource({"a, ..", "a/b, ../..", "x, ../outside/keep", "a/b, ../../../etc"})
  void symlinkTarget_climbingAboveTheRoot_isEmpty(String link, String target) {
    assertEquals(Optional.empty(), EntryPath.symlinkTarget(EntryPath.parse(link).orElseThrow(), target));
  }

  @Test
  void parentNameAndChild_walkThePath() {
    EntryPath path = EntryPath.parse("a/b/c").orElseThrow();
    assertEquals("a/b", path.parent().toString());
    assertEquals("c", path.name());
    assertEquals(path, path.parent().child("c"));
    assertEquals("a", path.prefix(1).toString());
    assertTrue(EntryPath.ROOT.parent().isRoot());
  }

  @Test
  void contains_matchesWholeComponentsOnly() {
    EntryPath ab = EntryPath.parse("a/b").orElseThrow();
    assertTrue(ab.contains(ab));
    assertTrue(ab.contains(EntryPath.parse("a/b/c").orElseThrow()));
    assertFalse(ab.contains(EntryPath.parse("a/bc").orElseThrow()));
    assertFalse(ab.contains(EntryPath.parse("a").orElseThrow()));
    assertTrue(EntryPath.ROOT.contains(ab));
  }
}

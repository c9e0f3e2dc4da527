package dev.coracle.server.translate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

  @Test
  void matches_everySelectorEntryMustHold() {
    assertTrue(LabelSelector.matches(Map.of(), Map.of("a", "1")));
    assertTrue(LabelSelector.matches(Map.of("a", "1"), Map.of("a", "1", "b", "2")));
    assertFalse(LabelSelector.matches(Map.of("a", "1", "b", "3"), Map.of("a", "1", "b", "2")));
    assertFalse(LabelSelector.matches(Map.of("c", "1"), Map.of("a", "1")));
  }
}

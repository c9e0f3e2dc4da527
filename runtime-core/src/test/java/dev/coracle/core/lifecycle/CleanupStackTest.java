package dev.coracle.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupStackTest {

  @Test
  void close_withoutCommit_undoesInReverseOrder_evenPastAFailingStep() {
    List<String> ran = new ArrayList<>();
    List<String> failed;
    try (CleanupStack undo = new CleanupStack("test")) {
      undo.push("first", () -> ran.add("first"));
      undo.push("broken", () -> {
        throw new IllegalStateException("boom");
      });
      undo.push("third", () -> ran.add("third"));
      failed = undo.undo();
    }
    assertEquals(List.of("third", "first"), ran);
    assertEquals(List.of("broken"), failed);
  }

  @Test
  void commit_keepsEverything() {
    List<String> ran = new ArrayList<>();
    try (CleanupStack undo = new CleanupStack("test")) {
      undo.push("step", () -> ran.add("step"));
      undo.commit();
    }
    assertTrue(ran.isEmpty());
  }

  @Test
  void undo_runsOnce_andEvenWhenTheThreadIsInterrupted() {
    List<String> ran = new ArrayList<>();
    CleanupStack undo = new CleanupStack("test");
    undo.push("step", () -> {
      assertTrue(!Thread.currentThread().isInterrupted(), "cleanup runs with the flag cleared");
      ran.add("step");
    });
    Thread.currentThread().interrupt();
    undo.close();
    assertTrue(Thread.interrupted(), "the interrupt is restored");
    undo.close();
    assertEquals(List.of("step"), ran);
  }
}

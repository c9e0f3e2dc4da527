package dev.coracle.hcs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.hcs.schema.ProcessParameters;
import dev.coracle.hcs.schema.SignalProcessOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessDocumentsTest {

  @ParameterizedTest
  @ValueSource(strings = {"SIGTERM", "TERM", "15", "sigterm"})
  void signal_term_isCtrlShutdown(String name) {
    assertEquals(
        Optional.of(new SignalProcessOptions("CtrlShutdown")), ProcessDocuments.signal(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIGINT", "INT", "2"})
  void signal_int_isCtrlC(String name) {
    assertEquals(Optional.of(new SignalProcessOptions("CtrlC")), ProcessDocuments.signal(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIGKILL", "KILL", "9"})
  void signal_kill_isLeftToTerminate(String name) {
    assertEquals(Optional.empty(), ProcessDocuments.signal(name));
  }

  @Test
  void signal_withoutWindowsEquivalent_isRefusedByName() {
    InvalidArgumentException e =
        assertThrows(InvalidArgumentException.class, () -> ProcessDocuments.signal("SIGHUP"));
    assertTrue(e.getMessage().contains("SIGHUP"), e.getMessage());
  }

  @Test
  void environment_dropsEmptyValuesAndKeepsOrder() {
    assertEquals(
        List.of("B", "A", "C"),
        List.copyOf(
            ProcessDocuments.environment(
                    List.of("B=2", "EMPTY=", "A=1", "NOEQUALS", "=C:=C:\\", "C=x=y"))
                .keySet()));
    assertEquals(Map.of("K", "late"), ProcessDocuments.environment(List.of("K=early", "K=late")));
  }

  @Test
  void process_unsetUser_isLeftToTheImage() {
    ProcessParameters p =
        ProcessDocuments.process(
            new ProcessInput(List.of("cmd"), false, null, "  ", null, false, false, 0, 0));
    assertNull(p.user());
    assertNull(p.workingDirectory());
  }

  @Test
  void process_consoleSizeOnlyWithATty() {
    ProcessParameters noTty =
        ProcessDocuments.process(
            new ProcessInput(List.of("cmd"), false, null, null, null, false, true, 24, 80));
    assertNull(noTty.consoleSize());
    ProcessParameters ttyNoSize =
        ProcessDocuments.process(
            new ProcessInput(List.of("cmd"), false, null, null, null, true, true, 0, 0));
    assertNull(ttyNoSize.consoleSize());
    assertEquals(false, ttyNoSize.createStdErrPipe());
  }

  @Test
  void processInput_needsACommand() {
    assertThrows(
        InvalidArgumentException.class,
        () -> new ProcessInput(List.of(), false, null, null, null, false, false, 0, 0));
    assertThrows(
        InvalidArgumentException.class,
        () -> new ProcessInput(List.of("cmd"), false, null, null, null, true, false, -1, 80));
  }

  @Test
  void modify_badConsoleSizeOrHandle_isRefused() {
    assertThrows(InvalidArgumentException.class, () -> ProcessDocuments.resizeConsole(0, 80));
    assertThrows(InvalidArgumentException.class, () -> ProcessDocuments.closeHandle("stdin"));
  }
}

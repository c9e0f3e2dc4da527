package dev.coracle.hcs.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.hcs.fake.FakeWindows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HcsProcessTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LONG = Duration.ofSeconds(30);

  private final FakeWindows windows = new FakeWindows();
  private final Hcs hcs = new Hcs(windows.natives(), LONG);
  private HcsSystem system;

  @BeforeEach
  void runningContainer() {
    // A stdin-to-stdout copier, as findstr or a shell would be in a real container.
    windows.onCommand(line -> line.equals("cat.exe"), process -> {
      process.stdin().transferTo(process.stdout());
      return 0;
    });
    system = hcs.create("c-" + UUID.randomUUID(), Documents.container());
    system.start();
  }

  @AfterEach
  void everyHandleClosedAndEveryStringFreed() {
    system.close();
    windows.assertNoOpenHandles();
    windows.assertNoViolations();
  }

  @Test
  void createProcess_stdoutCarriesWhatTheProcessPrints() throws Exception {
    try (HcsProcess process = system.createProcess(Documents.process("cmd /c echo hello", false, true, true))) {
      String out = new String(process.stdout().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);

      assertEquals("hello\r\n", out);
      assertEquals(0, JSON.readTree(process.waitForExit(LONG).orElseThrow()).path("ExitCode").asInt());
      assertTrue(process.stdin().isEmpty());
      assertEquals(1, windows.calls("HcsWaitForOperationResultAndProcessInfo").size());
    }
  }

  @Test
  void createProcess_stdinRoundTrip() throws Exception {
    try (HcsProcess process = system.createProcess(Documents.process("cat.exe", true, true, false))) {
      OutputStream in = process.stdin().orElseThrow();
      in.write("ping\n".getBytes(StandardCharsets.UTF_8));
      in.close();

      assertEquals("ping\n", new String(process.stdout().orElseThrow().readAllBytes(), StandardCharsets.UTF_8));
      assertTrue(process.stderr().isEmpty());
    }
  }

  @Test
  void closeStdin_endsTheProcessInput() throws Exception {
    try (HcsProcess process = system.createProcess(Documents.process("cat.exe", true, true, false))) {
      process.stdin().orElseThrow().write('x');

      process.closeStdin();

      assertEquals("x", new String(process.stdout().orElseThrow().readAllBytes(), StandardCharsets.UTF_8));
      JsonNode request = windows.calls("HcsModifyProcess").getFirst().json(2);
      assertEquals(JSON.readTree("{\"Operation\":\"CloseHandle\",\"CloseHandle\":{\"Handle\":\"StdIn\"}}"), request);
      assertThrows(IOException.class, () -> process.stdin().orElseThrow().write('y'));
    }
  }

  @Test
  void waitForExit_reportsTheExitCode() throws Exception {
    try (HcsProcess process = system.createProcess(Documents.process("cmd /c exit 3", false, false, false))) {
      JsonNode status = JSON.readTree(process.waitForExit(LONG).orElseThrow());

      assertEquals(3, status.path("ExitCode").asInt());
      assertTrue(status.path("Exited").asBoolean());
      assertEquals(process.pid(), status.path("ProcessId").asInt());
    }
  }

  @Test
  void signal_ctrlShutdown_endsTheProcess_andOnExitHearsIt() throws Exception {
    try (HcsProcess process = system.createProcess(Documents.process("C:\\app\\srv.exe", false, false, false))) {
      CompletableFuture<String> exited = new CompletableFuture<>();
      process.onExit(exited::complete);

      process.signal("{\"Signal\":\"CtrlShutdown\"}");

      JsonNode status = JSON.readTree(exited.get(10, TimeUnit.SECONDS));
      assertEquals(FakeWindows.STATUS_CONTROL_C_EXIT, status.path("ExitCode").asInt());
      assertEquals(JSON.readTree("{\"Signal\":\"CtrlShutdown\"}"), windows.calls("HcsSignalProcess").getFirst().json(2));
    }
  }

  @Test
  void signal_afterExit_isInvalidState() {
    try (HcsProcess process = system.createProcess(Documents.process("cmd /c exit 0", false, false, false))) {
      process.waitForExit(LONG).orElseThrow();

      HcsException e = assertThrows(HcsException.class, () -> process.signal("{\"Signal\":\"CtrlC\"}"));

      assertTrue(e.result().isInvalidState());
    }
  }

  @Test
  void terminate_afterExit_isSuccess() {
    try (HcsProcess process = system.createProcess(Documents.process("cmd /c exit 0", false, false, false))) {
      process.waitForExit(LONG).orElseThrow();

      process.terminate();
      process.terminate();

      assertEquals(2, windows.calls("HcsTerminateProcess").size());
    }
  }

  @Test
  void terminate_racingAnExit_alreadyStoppedIsSuccess() {
    try (HcsProcess process = system.createProcess(Documents.process("C:\\app\\srv.exe", false, false, false))) {
      windows.failNext("HcsTerminateProcess", 0xC037011F, null);

      process.terminate();
    }
  }

  @Test
  void terminate_otherFailures_throw() {
    try (HcsProcess process = system.createProcess(Documents.process("C:\\app\\srv.exe", false, false, false))) {
      windows.failNext("HcsTerminateProcess", 0x8037011B, null);

      assertThrows(HcsException.class, process::terminate);
      process.terminate();
    }
  }

  @Test
  void terminate_endsTheProcessWithExitCode1() throws Exception {
    try (HcsProcess process = system.createProcess(Documents.process("C:\\app\\srv.exe", false, true, false))) {
      process.terminate();

      assertEquals(-1, process.stdout().orElseThrow().read(), "stdout ends with the process");
      assertEquals(1, JSON.readTree(process.waitForExit(LONG).orElseThrow()).path("ExitCode").asInt());
    }
  }

  @Test
  void systemTerminate_endsItsProcesses() throws Exception {
    try (HcsProcess process = system.createProcess(Documents.process("C:\\app\\srv.exe", false, false, false))) {
      system.terminate();

      assertTrue(JSON.readTree(process.waitForExit(LONG).orElseThrow()).path("Exited").asBoolean());
    }
  }

  @Test
  void streams_closedByTheCaller_areClosedOnceWhenTheProcessCloses() throws Exception {
    HcsProcess process = system.createProcess(Documents.process("cat.exe", true, true, true));
    InputStream out = process.stdout().orElseThrow();
    process.stdin().orElseThrow().close();
    out.close();
    out.close();

    process.close();
    process.close();

    assertEquals(3, windows.calls("CloseHandle").size(), "stdin, stdout and stderr, once each");
    assertEquals(1, windows.calls("HcsCloseProcess").size());
    assertThrows(IOException.class, out::read);
    assertThrows(IllegalStateException.class, process::terminate);
  }

  @Test
  void createProcess_inAStoppedSystem_isInvalidState_andLeavesNothingOpen() {
    system.terminate();

    HcsException e = assertThrows(HcsException.class,
        () -> system.createProcess(Documents.process("cmd /c echo x", true, true, true)));

    assertTrue(e.result().isInvalidState());
  }

  @Test
  void openProcess_givesAHandleWithoutStdio() throws Exception {
    try (HcsProcess created = system.createProcess(Documents.process("C:\\app\\srv.exe", false, false, false));
        HcsProcess opened = system.openProcess(created.pid())) {
      assertTrue(opened.stdout().isEmpty());
      opened.terminate();

      assertTrue(JSON.readTree(created.waitForExit(LONG).orElseThrow()).path("Exited").asBoolean());
    }
  }

  @Test
  void openProcess_unknownPid_isNotFound() {
    HcsException e = assertThrows(HcsException.class, () -> system.openProcess(4242));

    assertTrue(e.result().isNotFound());
  }

  @Test
  void resizeConsole_sendsHeightAndWidth() throws Exception {
    try (HcsProcess process = system.createProcess(Documents.process("C:\\app\\srv.exe", false, false, false))) {
      process.resizeConsole(40, 120);

      assertEquals(JSON.readTree("{\"Operation\":\"ConsoleSize\",\"ConsoleSize\":{\"Height\":40,\"Width\":120}}"),
          windows.calls("HcsModifyProcess").getFirst().json(2));
      process.terminate();
    }
  }

  @Test
  void processList_showsRunningProcesses() throws Exception {
    try (HcsProcess process = system.createProcess(Documents.process("C:\\app\\srv.exe --port 80", false, false, false))) {
      JsonNode list = JSON.readTree(system.properties("{\"PropertyTypes\":[\"ProcessList\"]}")).path("ProcessList");

      assertEquals(1, list.size());
      assertEquals(process.pid(), list.get(0).path("ProcessId").asInt());
      assertEquals("srv.exe", list.get(0).path("ImageName").asText());
      process.terminate();
    }
  }
}

package dev.coracle.hcs.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.hcs.fake.FakeWindows;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HcsSystemTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LONG = Duration.ofSeconds(30);

  private final FakeWindows windows = new FakeWindows();
  private final Hcs hcs = new Hcs(windows.natives(), LONG);
  private final String id = "c-" + UUID.randomUUID();

  @AfterEach
  void everyHandleClosedAndEveryStringFreed() {
    windows.assertNoOpenHandles();
    windows.assertNoViolations();
  }

  @Test
  void shutdown_firesWithoutWaiting_andTheExitArrivesThroughOnExit() throws Exception {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      system.start();
      CompletableFuture<String> exited = new CompletableFuture<>();
      system.onExit(exited::complete);

      system.shutdown();

      assertTrue(windows.calls("HcsShutDownComputeSystem").size() == 1);
      assertEquals(2, windows.calls("HcsWaitForOperationResult").size(), "create and start only");
      JsonNode status = JSON.readTree(exited.get(10, TimeUnit.SECONDS));
      assertEquals("GracefulExit", status.path("ExitType").asText());
      assertEquals(0, status.path("Status").asInt());
    }
  }

  @Test
  void shutdown_ofAStoppedSystem_reportedAtOnce_isSuccess() {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      windows.rejectNext("HcsShutDownComputeSystem", 0xC0370110, null);

      system.shutdown();

      assertEquals(2, windows.calls("HcsCloseOperation").size(), "create's and shutdown's operations");
    }
  }

  @Test
  void shutdown_rejectedForAnotherReason_throws() {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      windows.rejectNext("HcsShutDownComputeSystem", 0x8037011B, "{\"ErrorMessage\":\"denied\"}");

      HcsException e = assertThrows(HcsException.class, system::shutdown);

      assertTrue(e.result().isAccessDenied());
      assertEquals("denied", e.errorMessage());
    }
  }

  @Test
  void terminate_waitsAndTheExitIsForced() throws Exception {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      system.start();

      system.terminate();

      assertEquals("STOPPED", windows.systemState(id));
      Optional<String> exit = system.waitForExit(LONG);
      assertEquals("ForcedExit", JSON.readTree(exit.orElseThrow()).path("ExitType").asText());
    }
  }

  @Test
  void terminate_twice_isSuccess() {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      system.start();
      system.terminate();

      system.terminate();

      assertEquals(2, windows.calls("HcsTerminateComputeSystem").size());
    }
  }

  @Test
  void waitForExit_ofARunningSystem_isEmptyAfterTheTimeout() {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      system.start();

      assertEquals(Optional.empty(), system.waitForExit(Duration.ofMillis(20)));
      assertEquals(20, windows.calls("HcsWaitForComputeSystemExit").getFirst().args().get(1));
    }
  }

  @Test
  void onExit_callbackSurvivesGarbageCollection() throws Exception {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      system.start();
      CompletableFuture<String> exited = new CompletableFuture<>();
      system.onExit(exited::complete);
      for (int i = 0; i < 3; i++) {
        System.gc();
      }

      system.terminate();

      assertEquals("ForcedExit", JSON.readTree(exited.get(10, TimeUnit.SECONDS)).path("ExitType").asText());
      assertEquals(1, windows.calls("HcsSetComputeSystemCallback").size());
    }
  }

  @Test
  void onExit_everyConsumerHearsIt_throughOneRegistration() throws Exception {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      system.start();
      CompletableFuture<String> first = new CompletableFuture<>();
      CompletableFuture<String> second = new CompletableFuture<>();
      system.onExit(first::complete);
      system.onExit(second::complete);

      system.shutdown();

      assertEquals(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
      assertEquals(1, windows.calls("HcsSetComputeSystemCallback").size());
    }
  }

  @Test
  void close_isIdempotent_andEveryLaterCallThrows() {
    HcsSystem system = hcs.create(id, Documents.container());

    system.close();
    system.close();

    assertEquals(1, windows.calls("HcsCloseComputeSystem").size());
    assertThrows(IllegalStateException.class, system::start);
    assertThrows(IllegalStateException.class, () -> system.properties(null));
    assertThrows(IllegalStateException.class, () -> system.onExit(s -> { }));
    assertThrows(IllegalStateException.class, () -> system.createProcess("{}"));
    assertThrows(IllegalStateException.class, () -> system.waitForExit(LONG));
  }

  @Test
  void close_ofTheLastHandle_endsASystemThatTerminatesOnLastHandleClosed() {
    HcsSystem system = hcs.create(id, Documents.container());
    system.start();

    system.close();

    assertEquals(null, windows.systemState(id));
  }

  @Test
  void properties_statisticsGrowBetweenSamples() throws Exception {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      system.start();
      String query = "{\"PropertyTypes\":[\"Statistics\"]}";

      long first = JSON.readTree(system.properties(query)).path("Statistics").path("Processor").path("TotalRuntime100ns").asLong();
      long second = JSON.readTree(system.properties(query)).path("Statistics").path("Processor").path("TotalRuntime100ns").asLong();

      assertTrue(second > first, first + " then " + second);
      assertEquals(JSON.readTree(query), windows.calls("HcsGetComputeSystemProperties").getFirst().json(2));
    }
  }

  @Test
  void modify_passesTheRequestAsJson() throws Exception {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      system.start();
      String request = "{\"ResourcePath\":\"Container/Memory/SizeInMB\",\"RequestType\":\"Update\",\"Settings\":1024}";

      system.modify(request);

      assertEquals(JSON.readTree(request), windows.calls("HcsModifyComputeSystem").getFirst().json(2));
    }
  }

  @Test
  void modify_ofAStoppedSystem_isInvalidState() {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      HcsException e = assertThrows(HcsException.class, () -> system.modify("{\"ResourcePath\":\"x\"}"));

      assertTrue(e.result().isInvalidState());
      assertEquals("HcsModifyComputeSystem", e.operation());
    }
  }
}

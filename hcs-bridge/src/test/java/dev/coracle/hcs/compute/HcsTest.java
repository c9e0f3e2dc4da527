package dev.coracle.hcs.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.hcs.fake.Call;
import dev.coracle.hcs.fake.FakeWindows;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HcsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeWindows windows = new FakeWindows();
  private final Hcs hcs = new Hcs(windows.natives(), Duration.ofSeconds(30));
  private final String id = "c-" + UUID.randomUUID();

  @AfterEach
  void everyHandleClosedAndEveryStringFreed() {
    windows.assertNoOpenHandles();
    windows.assertNoViolations();
  }

  @Test
  void create_passesTheDocumentAndUsesOneOperationPerCall() throws Exception {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      system.start();
      system.properties("{\"PropertyTypes\":[\"Statistics\"]}");

      Call create = windows.calls("HcsCreateComputeSystem").getFirst();
      assertEquals(id, create.args().get(0));
      assertEquals(JSON.readTree(Documents.container()), create.json(1));
      assertEquals(3, windows.calls("HcsCreateOperation").size());
      assertEquals(3, windows.calls("HcsCloseOperation").size());
      assertEquals(3, windows.calls("HcsWaitForOperationResult").size());
      assertEquals("RUNNING", windows.systemState(id));
    }
    assertEquals(1, windows.calls("HcsCloseComputeSystem").size());
  }

  @Test
  void create_waitsWithTheDefaultTimeout() {
    try (HcsSystem system = new Hcs(windows.natives(), Duration.ofMillis(1234)).create(id, Documents.container())) {
      assertEquals(1234, windows.calls("HcsWaitForOperationResult").getFirst().args().get(1));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0x8037010F, 0xC037010F})
  void create_failureCarriesCodeDocumentAndMessage_inEitherForm(int code) {
    String document = "{\"Error\":" + code + ",\"ErrorMessage\":\"A compute system with that ID already exists.\"}";
    windows.failNext("HcsCreateComputeSystem", code, document);

    HcsException e = assertThrows(HcsException.class, () -> hcs.create(id, Documents.container()));

    assertEquals(code, e.result().code());
    assertEquals("HcsCreateComputeSystem", e.operation());
    assertEquals(document, e.resultDocument());
    assertEquals("A compute system with that ID already exists.", e.errorMessage());
    assertTrue(e.getMessage().contains("HcsCreateComputeSystem"), e.getMessage());
    assertTrue(e.getMessage().contains("HCS_E_SYSTEM_ALREADY_EXISTS"), e.getMessage());
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertEquals(1, windows.calls("HcsCloseOperation").size());
    assertEquals(1, windows.calls("HcsCloseComputeSystem").size(), "the handle HCS returned is closed");
  }

  @Test
  void create_rejectedAtOnce_readsTheErrorDocumentFromTheOperation() {
    windows.rejectNext("HcsCreateComputeSystem", 0x8037010D, "{\"Error\":-2143354611,\"ErrorMessage\":\"bad json\"}");

    HcsException e = assertThrows(HcsException.class, () -> hcs.create(id, Documents.container()));

    assertTrue(e.result().isNotSupported());
    assertEquals("bad json", e.errorMessage());
    assertEquals(1, windows.calls("HcsGetOperationResult").size());
    assertTrue(windows.calls("HcsWaitForOperationResult").isEmpty());
  }

  @Test
  void create_duplicateId_isAlreadyExists() {
    try (HcsSystem first = hcs.create(id, Documents.container())) {
      HcsException e = assertThrows(HcsException.class, () -> hcs.create(id, Documents.container()));
      assertEquals(HResult.HCS_E_SYSTEM_ALREADY_EXISTS, e.result().code());
      assertFalse(e.errorMessage().isEmpty());
    }
  }

  @Test
  void create_imageNewerThanTheHost_isImageMismatch() {
    windows.hostBuild(20348);
    windows.imageBuild("C:\\coracle\\layers\\base", 26100);

    HcsException e = assertThrows(HcsException.class, () -> hcs.create(id, Documents.container()));

    assertTrue(e.result().isImageMismatch());
    assertEquals("The container operating system does not match the host operating system.", e.errorMessage());
  }

  @Test
  void create_imageWithinTheHostsRange_runs() {
    windows.hostBuild(26100);
    windows.imageBuild("C:\\coracle\\layers\\base", 20348);

    try (HcsSystem system = hcs.create(id, Documents.container())) {
      system.start();
      assertEquals("RUNNING", windows.systemState(id));
    }
  }

  @Test
  void create_hostedContainer_needsARunningUtilityVm() {
    String uvm = "vm-" + UUID.randomUUID();
    HcsException missing = assertThrows(HcsException.class, () -> hcs.create(id, Documents.hostedContainer(uvm)));
    assertTrue(missing.result().isNotFound());

    try (HcsSystem vm = hcs.create(uvm, Documents.utilityVm())) {
      HcsException stopped = assertThrows(HcsException.class, () -> hcs.create(id, Documents.hostedContainer(uvm)));
      assertTrue(stopped.result().isInvalidState());

      vm.start();
      try (HcsSystem hosted = hcs.create(id, Documents.hostedContainer(uvm))) {
        assertEquals("CREATED", windows.systemState(id));
      }
    }
  }

  @Test
  void start_stalledPastTheTimeout_throwsTimeoutAndKeepsTheSystemHandleOpen() {
    Hcs impatient = new Hcs(windows.natives(), Duration.ofMillis(50));
    try (HcsSystem system = impatient.create(id, Documents.container())) {
      windows.stallNext("HcsStartComputeSystem");

      HcsException e = assertThrows(HcsException.class, system::start);

      assertTrue(e.result().isTimeout());
      assertEquals("HcsStartComputeSystem", e.operation());
      assertEquals(1, windows.calls("HcsCancelOperation").size());
      assertEquals(2, windows.calls("HcsCloseOperation").size(), "the operation is closed");
      assertTrue(windows.calls("HcsCloseComputeSystem").isEmpty(), "the system handle is not");
      windows.releaseStalled();
      assertEquals(JSON.createObjectNode().put("Id", id).put("SystemType", "Container").put("Owner", "coracle"),
          readTree(system.properties(null)));
    }
  }

  @Test
  void open_unknownId_isNotFound() {
    HcsException e = assertThrows(HcsException.class, () -> hcs.open("nope-" + id));

    assertTrue(e.result().isNotFound());
    assertEquals("HcsOpenComputeSystem", e.operation());
  }

  @Test
  void open_givesASecondHandleToTheSameSystem() {
    try (HcsSystem system = hcs.create(id, Documents.container()); HcsSystem again = hcs.open(id)) {
      again.start();
      assertEquals("RUNNING", windows.systemState(id));
      assertEquals(0x10000000, windows.calls("HcsOpenComputeSystem").getFirst().args().get(1));
    }
  }

  @Test
  void enumerate_filtersByOwnerAndReturnsTheArray() throws Exception {
    try (HcsSystem system = hcs.create(id, Documents.container())) {
      JsonNode all = JSON.readTree(hcs.enumerate("{\"Owners\":[\"coracle\"]}"));
      JsonNode none = JSON.readTree(hcs.enumerate("{\"Owners\":[\"docker\"]}"));

      assertEquals(1, all.size());
      assertEquals(id, all.get(0).path("Id").asText());
      assertEquals(0, none.size());
    }
  }

  @Test
  void serviceProperties_returnsTheDocument() throws Exception {
    JsonNode basic = JSON.readTree(hcs.serviceProperties("{\"PropertyTypes\":[\"Basic\"]}"));

    assertEquals(2, basic.path("Properties").get(0).path("SupportedSchemaVersions").get(0).path("Major").asInt());
  }

  @Test
  void modifyServiceSettings_credentialGuardInstance_showsInProperties() throws Exception {
    hcs.modifyServiceSettings("""
        {"PropertyType":"ContainerCredentialGuard","Settings":{"Operation":"AddInstance",
         "OperationDetails":{"Id":"%s","CredentialSpec":"{}","Transport":"LRPC"}}}""".formatted(id));

    JsonNode properties = JSON.readTree(hcs.serviceProperties("{\"PropertyTypes\":[\"ContainerCredentialGuard\"]}"));

    JsonNode instance = properties.path("Properties").get(0).path("Instances").get(0);
    assertEquals(id, instance.path("Id").asText());
    assertEquals("LRPC", instance.path("CredentialGuard").path("Transport").asText());
  }

  @Test
  void modifyServiceSettings_failure_carriesTheErrorDocument() {
    windows.failNext("HcsModifyServiceSettings", 0x8037011B, "{\"ErrorMessage\":\"Access is denied.\"}");

    HcsException e = assertThrows(HcsException.class, () -> hcs.modifyServiceSettings("{}"));

    assertTrue(e.result().isAccessDenied());
    assertEquals("Access is denied.", e.errorMessage());
  }

  @Test
  void grantVmAccess_passesVmAndPath() {
    hcs.grantVmAccess("vm-1", "C:\\pods\\p\\sandbox.vhdx");
    hcs.grantVmGroupAccess("C:\\layers\\base\\blank.vhdx");

    assertEquals(List.of("vm-1", "C:\\pods\\p\\sandbox.vhdx"), windows.calls("HcsGrantVmAccess").getFirst().args());
    assertEquals(List.of("C:\\layers\\base\\blank.vhdx"), windows.calls("HcsGrantVmGroupAccess").getFirst().args());
  }

  private static JsonNode readTree(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(text, e);
    }
  }
}

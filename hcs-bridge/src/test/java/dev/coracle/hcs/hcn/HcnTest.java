package dev.coracle.hcs.hcn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.hcs.compute.HResult;
import dev.coracle.hcs.compute.HcsException;
import dev.coracle.hcs.fake.FakeWindows;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HcnTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOST_NAMESPACE = "{\"Type\":\"Host\",\"SchemaVersion\":{\"Major\":2,\"Minor\":0}}";

  private final FakeWindows windows = new FakeWindows();
  private final Hcn hcn = new Hcn(windows.natives());

  @AfterEach
  void everyHandleClosedAndEveryStringFreed() {
    windows.assertNoOpenHandles();
    windows.assertNoViolations();
  }

  @Test
  void createNamespace_withTheZeroGuid_returnsItsProperties() throws Exception {
    JsonNode properties = JSON.readTree(hcn.createNamespace(HOST_NAMESPACE));

    String id = properties.path("ID").asText();
    assertEquals(Set.of(id), windows.namespaces());
    assertEquals("Host", properties.path("Type").asText());
    assertEquals("00000000-0000-0000-0000-000000000000", windows.calls("HcnCreateNamespace").getFirst().args().get(0));
    assertEquals(JSON.readTree(HOST_NAMESPACE), windows.calls("HcnCreateNamespace").getFirst().json(1));
    assertEquals(1, windows.calls("HcnCloseNamespace").size());
  }

  @Test
  void addNamespaceEndpoint_attachesIt_andRemoveDetachesIt() throws Exception {
    String namespace = JSON.readTree(hcn.createNamespace(HOST_NAMESPACE)).path("ID").asText();
    String endpoint = windows.addEndpoint(windows.addNetwork("cbr0", "L2Bridge"), "pod_cbr0");

    hcn.addNamespaceEndpoint(namespace, endpoint);

    JsonNode attached = JSON.readTree(hcn.namespaceProperties(namespace));
    assertEquals(endpoint, attached.path("Resources").get(0).path("Data").path("ID").asText());
    assertEquals(JSON.readTree("{\"ResourceType\":\"Endpoint\",\"RequestType\":\"Add\",\"Settings\":{\"EndpointId\":\"" + endpoint + "\"}}"),
        windows.calls("HcnModifyNamespace").getFirst().json(1));
    assertEquals(namespace, JSON.readTree(hcn.endpointProperties(endpoint)).path("HostComputeNamespace").asText());

    hcn.removeNamespaceEndpoint(namespace, endpoint);

    assertEquals(0, JSON.readTree(hcn.namespaceProperties(namespace)).path("Resources").size());
  }

  @Test
  void addNamespaceEndpoint_twice_isEndpointAlreadyAttached() throws Exception {
    String namespace = JSON.readTree(hcn.createNamespace(HOST_NAMESPACE)).path("ID").asText();
    String endpoint = windows.addEndpoint(windows.addNetwork("cbr0", "L2Bridge"), "pod_cbr0");
    hcn.addNamespaceEndpoint(namespace, endpoint);

    HcsException e = assertThrows(HcsException.class, () -> hcn.addNamespaceEndpoint(namespace, endpoint));

    assertEquals(HResult.HCN_E_ENDPOINT_ALREADY_ATTACHED, e.result().code());
    assertEquals("HcnModifyNamespace", e.operation());
    assertEquals("The endpoint is already attached.", e.errorMessage());
  }

  @Test
  void deleteNamespace_removesIt_andAgainIsSuccess() throws Exception {
    String namespace = JSON.readTree(hcn.createNamespace(HOST_NAMESPACE)).path("ID").asText();

    hcn.deleteNamespace(namespace);
    hcn.deleteNamespace(namespace);

    assertEquals(Set.of(), windows.namespaces());
    assertEquals(2, windows.calls("HcnDeleteNamespace").size());
  }

  @Test
  void deleteNamespace_otherFailures_throw() {
    windows.failNext("HcnDeleteNamespace", 0x80070005, "{\"Success\":false,\"Error\":\"Access is denied.\"}");

    HcsException e = assertThrows(HcsException.class, () -> hcn.deleteNamespace(UUID.randomUUID().toString()));

    assertTrue(e.result().isAccessDenied());
    assertEquals("Access is denied.", e.errorMessage());
  }

  @Test
  void anyCall_okWithAnErrorRecord_isAFailure() {
    String record = "{\"Success\":false,\"Error\":\"The parameter is incorrect.\",\"ErrorCode\":2147942487}";
    windows.failNext("HcnCreateNamespace", 0, record);

    HcsException e = assertThrows(HcsException.class, () -> hcn.createNamespace(HOST_NAMESPACE));

    assertEquals(HResult.E_INVALIDARG, e.result().code());
    assertEquals(record, e.resultDocument());
    assertEquals("The parameter is incorrect.", e.errorMessage());
    assertEquals(Set.of(), windows.namespaces());
  }

  @Test
  void anyCall_okWithARecordWithoutCode_isEFail() {
    windows.failNext("HcnEnumerateNamespaces", 0, "{\"Error\":\"broken\"}");

    HcsException e = assertThrows(HcsException.class, hcn::enumerateNamespaces);

    assertEquals(HResult.E_FAIL, e.result().code());
  }

  @Test
  void namespaceProperties_unknown_isNotFound() {
    HcsException e = assertThrows(HcsException.class, () -> hcn.namespaceProperties(UUID.randomUUID().toString()));

    assertTrue(e.result().isNotFound());
    assertEquals("HcnOpenNamespace", e.operation());
  }

  @Test
  void enumerateNamespaces_listsTheirGuids() throws Exception {
    String first = JSON.readTree(hcn.createNamespace(HOST_NAMESPACE)).path("ID").asText();
    String second = JSON.readTree(hcn.createNamespace(HOST_NAMESPACE)).path("ID").asText();

    assertEquals(Set.of(first, second), Set.copyOf(hcn.enumerateNamespaces()));
  }

  @Test
  void endpointStats_returnsTheOutputObject() throws Exception {
    String endpoint = windows.addEndpoint(windows.addNetwork("cbr0", "L2Bridge"), "pod_cbr0");

    JsonNode first = JSON.readTree(hcn.endpointStats(endpoint));
    JsonNode second = JSON.readTree(hcn.endpointStats(endpoint));

    assertEquals(endpoint, first.path("EndpointId").asText());
    assertTrue(second.path("BytesReceived").asLong() > first.path("BytesReceived").asLong());
    assertEquals(List.of("GET", "/endpointstats/" + endpoint, ""), windows.calls("HNSCall").getFirst().args().subList(0, 3));
  }

  @Test
  void endpointStats_unsuccessfulResponse_isAFailure() {
    HcsException e = assertThrows(HcsException.class, () -> hcn.endpointStats(UUID.randomUUID().toString()));

    assertEquals(HResult.E_FAIL, e.result().code());
    assertEquals("Element not found.", e.errorMessage());
  }
}

package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.cri.v1.RuntimeCondition;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.StatusResponse;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Status")
class StatusSpec {

  private final CriEndpoint cri = CriEndpoint.get();

  private Map<String, RuntimeCondition> conditions(StatusResponse status) {
    return status.getStatus().getConditionsList().stream()
        .collect(Collectors.toMap(RuntimeCondition::getType, c -> c));
  }

  @Test
  @DisplayName("reports RuntimeReady and NetworkReady, both true")
  void runtimeAndNetworkReady() {
    Map<String, RuntimeCondition> byType = conditions(cri.runtime().status(StatusRequest.getDefaultInstance()));
    assertTrue(byType.containsKey("RuntimeReady"), "RuntimeReady present: " + byType.keySet());
    assertTrue(byType.containsKey("NetworkReady"), "NetworkReady present: " + byType.keySet());
    assertTrue(byType.get("RuntimeReady").getStatus(), () -> "RuntimeReady: " + byType.get("RuntimeReady"));
    assertTrue(byType.get("NetworkReady").getStatus(), () -> "NetworkReady: " + byType.get("NetworkReady"));
  }

  @Test
  @DisplayName("verbose adds an info map")
  void verboseAddsInfo() {
    StatusResponse status = cri.runtime().status(StatusRequest.newBuilder().setVerbose(true).build());
    assertTrue(status.getInfoCount() > 0, "verbose status has info");
  }

  @Test
  @DisplayName("Coracle extension: every verbose info value is a JSON document")
  void verboseInfoIsJson() {
    Requirements.coracleOnly(cri);
    StatusResponse status = cri.runtime().status(StatusRequest.newBuilder().setVerbose(true).build());
    ObjectMapper json = new ObjectMapper();
    status.getInfoMap().forEach((key, value) ->
        assertDoesNotThrow(() -> json.readTree(value), "info[" + key + "] is JSON"));
  }

  @Test
  @DisplayName("without verbose, no info")
  void terseHasNoInfo() {
    assertEquals(0, cri.runtime().status(StatusRequest.getDefaultInstance()).getInfoCount());
  }

  @Test
  @DisplayName("Coracle extension: verbose info carries the effective config")
  void verboseCarriesConfig() throws Exception {
    Requirements.coracleOnly(cri);
    StatusResponse status = cri.runtime().status(StatusRequest.newBuilder().setVerbose(true).build());
    JsonNode info = new ObjectMapper().readTree(status.getInfoOrThrow("config"));
    assertEquals(cri.target().substring("unix://".length()), info.path("config").path("listen").asText());
    assertTrue(info.path("config").path("metrics").has("enabled"), info.toString());
  }
}

package dev.coracle.hcs.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A compute system of the fake: a container or utility VM by ID, created from its document. */
final class FakeSystem {

  enum State { CREATED, RUNNING, STOPPED }

  final String id;
  final JsonNode configuration;
  final FakeSystem host;
  final List<FakeSystem> hosted = new ArrayList<>();
  final Map<Integer, FakeProcess> processes = new LinkedHashMap<>();
  final CompletableFuture<ObjectNode> exit = new CompletableFuture<>();
  State state = State.CREATED;
  Instant started;
  long samples;
  private int nextPid = 1000;

  FakeSystem(String id, JsonNode configuration, FakeSystem host) {
    this.id = id;
    this.configuration = configuration;
    this.host = host;
  }

  /** {@code VirtualMachine} for a utility VM document, {@code Container} otherwise (§2a, §2b). */
  String systemType() {
    return configuration.has("VirtualMachine") ? "VirtualMachine" : "Container";
  }

  String owner() {
    return configuration.path("Owner").asText("");
  }

  boolean terminatesOnLastHandleClosed() {
    return configuration.path("ShouldTerminateOnLastHandleClosed").asBoolean(false);
  }

  /** Windows hands out process IDs in steps of 4. */
  int nextPid() {
    nextPid += 4;
    return nextPid;
  }

  /** {@code Properties} with the members every result has (§2d). */
  ObjectNode properties() {
    ObjectNode properties = Ledger.JSON.createObjectNode();
    properties.put("Id", id);
    properties.put("SystemType", systemType());
    if (!owner().isEmpty()) {
      properties.put("Owner", owner());
    }
    return properties;
  }
}

package dev.coracle.server.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.container.ContainerManager;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.cri.v1.ContainerStatusRequest;
import dev.coracle.cri.v1.ContainerStatusResponse;
import dev.coracle.server.translate.ContainerTranslator;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code ContainerStatus}, with the runtime's own view under {@code info["info"]} when verbose. */
final class ContainerStatusQuery {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ContainerManager containers;

  ContainerStatusQuery(ContainerManager containers) {
    this.containers = containers;
  }

  ContainerStatusResponse handle(ContainerStatusRequest request) {
    if (request.getContainerId().isEmpty()) {
      throw new InvalidArgumentException("container_id is empty");
    }
    ContainerRecord record = containers.status(request.getContainerId());
    ContainerStatusResponse.Builder response = ContainerStatusResponse.newBuilder()
        .setStatus(ContainerTranslator.status(record));
    if (request.getVerbose()) {
      response.putInfo("info", verbose(record));
    }
    return response.build();
  }

  /** The keys crictl inspect users look for (pid, sandboxID, runtime), and the whole record. */
  private static String verbose(ContainerRecord record) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("sandboxID", record.sandboxId());
    info.put("pid", record.status().pid());
    info.put("runtimeHandler", record.runtimeHandler());
    info.put("cgroup", record.cgroup());
    info.put("rootfs", record.rootfs());
    info.put("record", record);
    try {
      return JSON.writeValueAsString(info);
    } catch (JsonProcessingException e) {
      throw new InternalException("cannot describe container " + record.id() + ": " + e.getMessage(), e);
    }
  }
}

package dev.coracle.server.container;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.cri.v1.ContainerStatusRequest;
import dev.coracle.cri.v1.ContainerStatusResponse;
import dev.coracle.server.InfoJson;
import dev.coracle.server.translate.ContainerTranslator;

/** {@code ContainerStatus}, with the runtime's own view under {@code info["info"]} when verbose. */
final class ContainerStatusQuery {

  private final PodBackend backend;

  ContainerStatusQuery(PodBackend backend) {
    this.backend = backend;
  }

  ContainerStatusResponse handle(ContainerStatusRequest request) {
    if (request.getContainerId().isEmpty()) {
      throw new InvalidArgumentException("container_id is empty");
    }
    ContainerRecord record = backend.container(request.getContainerId());
    ContainerStatusResponse.Builder response = ContainerStatusResponse.newBuilder()
        .setStatus(ContainerTranslator.status(record));
    if (request.getVerbose()) {
      response.putInfo("info", InfoJson.render(backend.containerInfo(record.id()), "container " + record.id()));
    }
    return response.build();
  }

}

package dev.coracle.server.container;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.cri.v1.CreateContainerRequest;
import dev.coracle.cri.v1.CreateContainerResponse;
import dev.coracle.server.translate.ContainerTranslator;

/** {@code CreateContainer}: a container in a ready pod, from an image already pulled. */
final class ContainerCreate {

  private final PodBackend backend;

  ContainerCreate(PodBackend backend) {
    this.backend = backend;
  }

  CreateContainerResponse handle(CreateContainerRequest request) {
    if (request.getPodSandboxId().isEmpty()) {
      throw new InvalidArgumentException("pod_sandbox_id is empty");
    }
    String id = backend.createContainer(request.getPodSandboxId(), ContainerTranslator.config(request.getConfig()));
    return CreateContainerResponse.newBuilder().setContainerId(id).build();
  }
}

package dev.coracle.server.container;

import dev.coracle.core.container.ContainerManager;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.cri.v1.CreateContainerRequest;
import dev.coracle.cri.v1.CreateContainerResponse;
import dev.coracle.server.translate.ContainerTranslator;

/** {@code CreateContainer}: a container in a ready pod, from an image already pulled. */
final class ContainerCreate {

  private final ContainerManager containers;

  ContainerCreate(ContainerManager containers) {
    this.containers = containers;
  }

  CreateContainerResponse handle(CreateContainerRequest request) {
    if (request.getPodSandboxId().isEmpty()) {
      throw new InvalidArgumentException("pod_sandbox_id is empty");
    }
    String id = containers.create(request.getPodSandboxId(), ContainerTranslator.config(request.getConfig()));
    return CreateContainerResponse.newBuilder().setContainerId(id).build();
  }
}

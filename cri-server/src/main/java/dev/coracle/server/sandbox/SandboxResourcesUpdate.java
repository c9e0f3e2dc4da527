package dev.coracle.server.sandbox;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.coracle.cri.v1.UpdatePodSandboxResourcesResponse;
import dev.coracle.server.translate.SandboxTranslator;

/** {@code UpdatePodSandboxResources}: the pod cgroup's new limits (resources plus overhead). */
final class SandboxResourcesUpdate {

  private final PodBackend backend;

  SandboxResourcesUpdate(PodBackend backend) {
    this.backend = backend;
  }

  UpdatePodSandboxResourcesResponse handle(UpdatePodSandboxResourcesRequest request) {
    String id = SandboxIds.resolve(backend, request.getPodSandboxId())
        .orElseThrow(() -> new NotFoundException("pod sandbox " + request.getPodSandboxId() + " not found"));
    backend.updateSandboxResources(id, SandboxTranslator.podLimits(request.hasResources() ? request.getResources() : null,
        request.hasOverhead() ? request.getOverhead() : null));
    return UpdatePodSandboxResourcesResponse.getDefaultInstance();
  }
}

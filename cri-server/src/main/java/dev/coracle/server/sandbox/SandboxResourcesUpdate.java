package dev.coracle.server.sandbox;

import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.sandbox.SandboxManager;
import dev.coracle.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.coracle.cri.v1.UpdatePodSandboxResourcesResponse;
import dev.coracle.server.translate.SandboxTranslator;

/** {@code UpdatePodSandboxResources}: the pod cgroup's new limits (resources plus overhead). */
final class SandboxResourcesUpdate {

  private final SandboxManager sandboxes;

  SandboxResourcesUpdate(SandboxManager sandboxes) {
    this.sandboxes = sandboxes;
  }

  UpdatePodSandboxResourcesResponse handle(UpdatePodSandboxResourcesRequest request) {
    String id = SandboxIds.resolve(sandboxes, request.getPodSandboxId())
        .orElseThrow(() -> new NotFoundException("pod sandbox " + request.getPodSandboxId() + " not found"));
    sandboxes.update(id, SandboxTranslator.podLimits(request.hasResources() ? request.getResources() : null,
        request.hasOverhead() ? request.getOverhead() : null));
    return UpdatePodSandboxResourcesResponse.getDefaultInstance();
  }
}

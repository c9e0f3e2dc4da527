package dev.coracle.server.sandbox;

import dev.coracle.core.sandbox.SandboxManager;
import dev.coracle.cri.v1.StopPodSandboxRequest;
import dev.coracle.cri.v1.StopPodSandboxResponse;

/** {@code StopPodSandbox}: the pod's containers, then its infra process; a missing pod is stopped already. */
final class SandboxStop {

  private final SandboxManager sandboxes;
  private final PodContainers containers;

  SandboxStop(SandboxManager sandboxes, PodContainers containers) {
    this.sandboxes = sandboxes;
    this.containers = containers;
  }

  StopPodSandboxResponse handle(StopPodSandboxRequest request) {
    SandboxIds.resolve(sandboxes, request.getPodSandboxId()).ifPresent(id -> {
      containers.stopAll(id);
      sandboxes.stop(id);
    });
    return StopPodSandboxResponse.getDefaultInstance();
  }
}

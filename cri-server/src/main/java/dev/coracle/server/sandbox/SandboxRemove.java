package dev.coracle.server.sandbox;

import dev.coracle.core.sandbox.SandboxManager;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RemovePodSandboxResponse;

/** {@code RemovePodSandbox}: the pod's containers, then everything the pod holds; a missing pod is removed already. */
final class SandboxRemove {

  private final SandboxManager sandboxes;
  private final PodContainers containers;

  SandboxRemove(SandboxManager sandboxes, PodContainers containers) {
    this.sandboxes = sandboxes;
    this.containers = containers;
  }

  RemovePodSandboxResponse handle(RemovePodSandboxRequest request) {
    SandboxIds.resolve(sandboxes, request.getPodSandboxId()).ifPresent(id -> {
      containers.removeAll(id);
      sandboxes.remove(id);
    });
    return RemovePodSandboxResponse.getDefaultInstance();
  }
}

package dev.coracle.server.sandbox;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RemovePodSandboxResponse;

/** {@code RemovePodSandbox}: the pod's containers, then everything the pod holds; a missing pod is removed already. */
final class SandboxRemove {

  private final PodBackend backend;

  SandboxRemove(PodBackend backend) {
    this.backend = backend;
  }

  RemovePodSandboxResponse handle(RemovePodSandboxRequest request) {
    SandboxIds.resolve(backend, request.getPodSandboxId()).ifPresent(backend::removeSandbox);
    return RemovePodSandboxResponse.getDefaultInstance();
  }
}

package dev.coracle.server.sandbox;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.cri.v1.StopPodSandboxRequest;
import dev.coracle.cri.v1.StopPodSandboxResponse;

/** {@code StopPodSandbox}: the pod's containers, then its infra process; a missing pod is stopped already. */
final class SandboxStop {

  private final PodBackend backend;

  SandboxStop(PodBackend backend) {
    this.backend = backend;
  }

  StopPodSandboxResponse handle(StopPodSandboxRequest request) {
    SandboxIds.resolve(backend, request.getPodSandboxId()).ifPresent(backend::stopSandbox);
    return StopPodSandboxResponse.getDefaultInstance();
  }
}

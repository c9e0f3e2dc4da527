package dev.coracle.server.sandbox;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxResponse;
import dev.coracle.server.translate.SandboxTranslator;

/** {@code RunPodSandbox}: a retry of the same config gets the same ID (the manager sees to it). */
final class SandboxRun {

  private final PodBackend backend;

  SandboxRun(PodBackend backend) {
    this.backend = backend;
  }

  RunPodSandboxResponse handle(RunPodSandboxRequest request) {
    String id = backend.runSandbox(SandboxTranslator.config(request.getConfig(), request.getRuntimeHandler()));
    return RunPodSandboxResponse.newBuilder().setPodSandboxId(id).build();
  }
}

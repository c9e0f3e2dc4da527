package dev.coracle.server.sandbox;

import dev.coracle.core.sandbox.SandboxManager;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxResponse;
import dev.coracle.server.translate.SandboxTranslator;

/** {@code RunPodSandbox}: a retry of the same config gets the same ID (the manager sees to it). */
final class SandboxRun {

  private final SandboxManager sandboxes;

  SandboxRun(SandboxManager sandboxes) {
    this.sandboxes = sandboxes;
  }

  RunPodSandboxResponse handle(RunPodSandboxRequest request) {
    String id = sandboxes.run(SandboxTranslator.config(request.getConfig(), request.getRuntimeHandler()));
    return RunPodSandboxResponse.newBuilder().setPodSandboxId(id).build();
  }
}

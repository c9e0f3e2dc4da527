package dev.coracle.server.sandbox;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.cri.v1.PodSandboxStatusRequest;
import dev.coracle.cri.v1.PodSandboxStatusResponse;
import dev.coracle.server.InfoJson;
import dev.coracle.server.translate.SandboxTranslator;
import java.time.Instant;

/**
 * {@code PodSandboxStatus}; a missing pod is NOT_FOUND. {@code verbose} adds, under the key
 * {@code info}, a JSON object of what the runtime made for the pod (as {@code crictl inspectp}
 * prints it): infra PID, runtime handler and program, cgroup, namespace pins, files, config.
 */
final class SandboxStatusQuery {

  private final PodBackend backend;

  SandboxStatusQuery(PodBackend backend) {
    this.backend = backend;
  }

  PodSandboxStatusResponse handle(PodSandboxStatusRequest request) {
    SandboxRecord record = SandboxIds.resolve(backend, request.getPodSandboxId()).flatMap(backend::sandbox)
        .orElseThrow(() -> new NotFoundException("pod sandbox " + request.getPodSandboxId() + " not found"));
    Instant now = Instant.now();
    PodSandboxStatusResponse.Builder response = PodSandboxStatusResponse.newBuilder()
        .setStatus(SandboxTranslator.status(record))
        .setTimestamp(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    if (request.getVerbose()) {
      response.putInfo("info", InfoJson.render(backend.sandboxInfo(record.id()), "pod sandbox " + record.id()));
    }
    return response.build();
  }

}

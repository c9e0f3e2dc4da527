package dev.coracle.server.sandbox;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.lifecycle.IdPrefixes;
import dev.coracle.core.sandbox.SandboxRecord;
import java.util.Optional;

/**
 * The pod a request names: by its full ID, or by a prefix of it naming exactly one pod, as
 * {@code crictl pods} prints them truncated and users copy what they see.
 */
final class SandboxIds {

  private SandboxIds() {}

  /**
   * The full ID of the one pod {@code id} names; empty when none does.
   *
   * @throws InvalidArgumentException for an empty ID or a prefix of several pods' IDs
   */
  static Optional<String> resolve(PodBackend backend, String id) {
    if (id.isEmpty()) {
      throw new InvalidArgumentException("pod_sandbox_id is required");
    }
    return IdPrefixes.resolve("pod sandbox ID", backend.sandboxes().stream().map(SandboxRecord::id).toList(), id);
  }
}

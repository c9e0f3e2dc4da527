package dev.coracle.server.sandbox;

import dev.coracle.core.error.InvalidArgumentException;

/** The checks every request naming one pod sandbox shares. */
final class SandboxIds {

  private SandboxIds() {}

  static String required(String id) {
    if (id.isEmpty()) {
      throw new InvalidArgumentException("pod_sandbox_id is required");
    }
    return id;
  }
}

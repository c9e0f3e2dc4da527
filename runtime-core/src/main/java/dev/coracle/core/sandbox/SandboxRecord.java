package dev.coracle.core.sandbox;

/**
 * A sandbox as the runtime keeps it on disk: written whole and atomically at each change.
 *
 * @param cgroup the infra process's cgroup, relative to the hierarchy root
 */
public record SandboxRecord(String id, SandboxConfig config, long createdAtNanos, SandboxState state, String cgroup) {

  public SandboxRecord withState(SandboxState next) {
    return new SandboxRecord(id, config, createdAtNanos, next, cgroup);
  }
}

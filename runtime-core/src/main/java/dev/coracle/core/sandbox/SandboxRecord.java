package dev.coracle.core.sandbox;

/**
 * A sandbox as the runtime keeps it on disk: written whole and atomically at each change.
 *
 * @param cgroup the pod's cgroup, relative to the hierarchy root: the pod's limits apply here,
 *     the infra process runs in its {@code infra} child and its monitor in {@code conmon}; the
 *     pod's containers belong in children of their own
 * @param runtimeHandler the handler the pod runs on, resolved (never empty)
 * @param infraPid the infra process's host PID when it was started
 * @param ownShm the pod has its own {@code /dev/shm} tmpfs (it does not use the host's IPC namespace)
 */
public record SandboxRecord(String id, SandboxConfig config, long createdAtNanos, SandboxState state, String cgroup,
    String runtimeHandler, long infraPid, boolean ownShm) {

  public SandboxRecord {
    runtimeHandler = runtimeHandler == null ? "" : runtimeHandler;
  }

  public SandboxRecord withState(SandboxState next) {
    return new SandboxRecord(id, config, createdAtNanos, next, cgroup, runtimeHandler, infraPid, ownShm);
  }

  public SandboxRecord withConfig(SandboxConfig next) {
    return new SandboxRecord(id, next, createdAtNanos, state, cgroup, runtimeHandler, infraPid, ownShm);
  }
}

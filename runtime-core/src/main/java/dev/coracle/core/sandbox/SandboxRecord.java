package dev.coracle.core.sandbox;

import java.util.List;

/**
 * A sandbox as the runtime keeps it on disk: written whole and atomically at each change.
 *
 * @param cgroup the pod's cgroup, relative to the hierarchy root: the pod's limits apply here,
 *     the infra process runs in its {@code infra} child and its monitor in {@code conmon}; the
 *     pod's containers belong in children of their own
 * @param runtimeHandler the handler the pod runs on, resolved (never empty)
 * @param infraPid the infra process's host PID when it was started
 * @param ownShm the pod has its own {@code /dev/shm} tmpfs (it does not use the host's IPC namespace)
 * @param ips the pod's IPs as its network gave them, primary first; empty for loopback only or
 *     a host-network pod
 */
public record SandboxRecord(String id, SandboxConfig config, long createdAtNanos, SandboxState state, String cgroup,
    String runtimeHandler, long infraPid, boolean ownShm, List<String> ips) {

  public SandboxRecord {
    runtimeHandler = runtimeHandler == null ? "" : runtimeHandler;
    ips = ips == null ? List.of() : List.copyOf(ips);
  }

  public SandboxRecord withState(SandboxState next) {
    return new SandboxRecord(id, config, createdAtNanos, next, cgroup, runtimeHandler, infraPid, ownShm, ips);
  }

  public SandboxRecord withConfig(SandboxConfig next) {
    return new SandboxRecord(id, next, createdAtNanos, state, cgroup, runtimeHandler, infraPid, ownShm, ips);
  }

  public SandboxRecord withRuntimeHandler(String handler) {
    return new SandboxRecord(id, config, createdAtNanos, state, cgroup, handler, infraPid, ownShm, ips);
  }
}

package dev.coracle.core.container;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.oci.user.ResolvedUser;

/**
 * A container as the runtime keeps it on disk: what was decided when it was created (never
 * changes) and its {@link Status} (changes at start, exit and resource updates). Written whole and
 * atomically at each change.
 *
 * @param imageId the image's ID (its config digest), what {@code ContainerStatus.image_ref}-style
 *     fields are resolved from
 * @param imageRef the image as kubelet should see it: a repo digest when the image has one, else its ID
 * @param imageName the image's first tag or the name the request used
 * @param cgroup the container's cgroup, relative to each hierarchy's root
 * @param logPath the absolute log file conmon writes
 * @param user the identity the process runs as (uid, gid, groups) as applied
 * @param stopSignal the signal {@code StopContainer} sends first, by name
 */
public record ContainerRecord(
    String id,
    String sandboxId,
    ContainerConfig config,
    String imageId,
    String imageRef,
    String imageName,
    String runtimeHandler,
    String cgroup,
    String logPath,
    String rootfs,
    ResolvedUser user,
    String stopSignal,
    long createdAtNanos,
    Status status) {

  public ContainerRecord withStatus(Status next) {
    return new ContainerRecord(id, sandboxId, config, imageId, imageRef, imageName, runtimeHandler, cgroup, logPath,
        rootfs, user, stopSignal, createdAtNanos, next);
  }

  public ContainerState state() {
    return status.state();
  }

  /**
   * @param pid the init process's host PID while it runs; 0 otherwise
   * @param reason for an exited container: "Completed", "Error", "OOMKilled", "StartError" or "Unknown"
   * @param resources the limits in force (the create request's, then each update's)
   */
  public record Status(
      ContainerState state,
      long pid,
      long startedAtNanos,
      long finishedAtNanos,
      int exitCode,
      String reason,
      String message,
      CgroupLimits resources) {

    public static Status created(long pid, CgroupLimits resources) {
      return new Status(ContainerState.CREATED, pid, 0, 0, 0, "", "", resources);
    }

    public Status started(long nanos) {
      return new Status(ContainerState.RUNNING, pid, nanos, 0, 0, "", "", resources);
    }

    public Status exited(long nanos, int code, String why, String text) {
      return new Status(ContainerState.EXITED, 0, startedAtNanos, nanos, code, why, text, resources);
    }

    /** The start time of a container whose exit was recorded before its start was. */
    public Status withStartedAt(long nanos) {
      return new Status(state, pid, nanos, finishedAtNanos, exitCode, reason, message, resources);
    }

    /** The PID of a process started after the container was created (Windows: its entrypoint). */
    public Status withPid(long processId) {
      return new Status(state, processId, startedAtNanos, finishedAtNanos, exitCode, reason, message, resources);
    }

    public Status withResources(CgroupLimits limits) {
      return new Status(state, pid, startedAtNanos, finishedAtNanos, exitCode, reason, message, limits);
    }
  }
}

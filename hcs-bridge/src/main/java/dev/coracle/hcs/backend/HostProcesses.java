package dev.coracle.hcs.backend;

import dev.coracle.core.monitor.ExecResult;
import dev.coracle.hcs.document.MountInput;
import dev.coracle.hcs.document.ProcessInput;
import dev.coracle.hcs.document.WindowsResourcesInput;
import dev.coracle.hcs.document.WindowsStats;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * HostProcess containers (WINDOWS.md §6): host processes in a job object, which HCS does not
 * run; the image's files are made visible to them under a rootfs location on the host.
 */
public interface HostProcesses {

  /**
   * Makes the container's root (the image's layers and its mounts) visible on the host and its
   * job object with its limits; returns the rootfs location ({@code CONTAINER_SANDBOX_MOUNT_POINT}).
   */
  String prepare(String containerId, List<Path> layers, List<MountInput> mounts, WindowsResourcesInput resources,
      int hostCpus);

  /**
   * Starts the entrypoint in the job, its output copied to {@code stdout} and {@code stderr}
   * (each closed when its pipe ends); {@code onExit} gets its exit code once. Returns its PID.
   */
  int start(String containerId, ProcessInput entrypoint, String rootfs, OutputStream stdout, OutputStream stderr,
      IntConsumer onExit);

  /** {@link #start(String, ProcessInput, String, OutputStream, OutputStream, IntConsumer)} with the output dropped. */
  default int start(String containerId, ProcessInput entrypoint, String rootfs, IntConsumer onExit) {
    return start(containerId, entrypoint, rootfs, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(),
        onExit);
  }

  /** Asks the job's processes to stop, and terminates the job after the timeout. */
  void stop(String containerId, Duration timeout);

  ExecResult exec(String containerId, List<String> command, Duration timeout);

  void update(String containerId, WindowsResourcesInput resources, int hostCpus);

  WindowsStats stats(String containerId);

  /** Terminates whatever runs and removes the job and the rootfs location; done for a missing one. */
  void remove(String containerId);
}

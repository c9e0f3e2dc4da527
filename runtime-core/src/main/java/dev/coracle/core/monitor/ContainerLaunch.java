package dev.coracle.core.monitor;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import java.nio.file.Path;

/**
 * Everything conmon needs to create one container. Build with {@link #of} and the
 * {@code with*} methods.
 *
 * @param id the container ID, also the exit file's name and the attach socket's directory
 * @param bundle the OCI bundle: {@code config.json} and the root file system; conmon also
 *     creates its control FIFOs ({@code ctl}, {@code winsz}) and the attach socket here
 * @param runtime the OCI runtime that creates the container
 * @param logPath where the container's output goes, in the CRI log format
 * @param exitDir the directory where conmon writes the exit code, in a file named by the ID
 * @param persistDir conmon's per-container directory: it writes {@code exit} and {@code oom} there
 * @param socketDir where conmon links {@code <id>} to the bundle so the attach socket's path
 *     stays short ({@code <socketDir>/<id>/attach})
 * @param pidFile where the runtime writes the container's init PID
 * @param conmonPidFile where conmon writes its own PID
 * @param logSizeMax the size beyond which conmon truncates the log; 0 for no limit
 * @param stdin true to give the container a stdin pipe, fed through the attach socket
 * @param stdinOnce true to close stdin when the first attached client detaches (CRI StdinOnce)
 * @param terminal true to give the container a pseudo-terminal instead of pipes
 * @param conmonCgroup the cgroup conmon moves into before it starts the container, relative to
 *     each hierarchy's root; empty to stay in the daemon's cgroup
 */
public record ContainerLaunch(
    String id,
    Path bundle,
    OciRuntimeSettings runtime,
    Path logPath,
    Path exitDir,
    Path persistDir,
    Path socketDir,
    Path pidFile,
    Path conmonPidFile,
    long logSizeMax,
    boolean stdin,
    boolean stdinOnce,
    boolean terminal,
    String conmonCgroup) {

  public ContainerLaunch {
    OciRuntime.checkId(id);
    for (Path path : new Path[] {bundle, logPath, exitDir, persistDir, socketDir, pidFile, conmonPidFile}) {
      if (path == null || !path.isAbsolute()) {
        throw new InvalidArgumentException("container " + id + ": conmon needs absolute paths, not " + path);
      }
    }
    if (logSizeMax < 0) {
      throw new InvalidArgumentException("container " + id + ": log size limit must not be negative");
    }
    if (conmonCgroup == null || conmonCgroup.contains("..")) {
      throw new InvalidArgumentException("container " + id + ": bad conmon cgroup " + conmonCgroup);
    }
  }

  /**
   * A container with pipes for stdout and stderr, no stdin, no log limit, conmon in the
   * daemon's cgroup, and the PID files in {@code persistDir}.
   */
  public static ContainerLaunch of(String id, Path bundle, OciRuntimeSettings runtime, Path logPath, Path exitDir,
      Path persistDir, Path socketDir) {
    return new ContainerLaunch(id, bundle, runtime, logPath, exitDir, persistDir, socketDir,
        persistDir.resolve("pid"), persistDir.resolve("conmon.pid"), 0, false, false, false, "");
  }

  public ContainerLaunch withStdin(boolean open, boolean once) {
    return new ContainerLaunch(id, bundle, runtime, logPath, exitDir, persistDir, socketDir, pidFile, conmonPidFile,
        logSizeMax, open, once, terminal, conmonCgroup);
  }

  public ContainerLaunch withTerminal(boolean tty) {
    return new ContainerLaunch(id, bundle, runtime, logPath, exitDir, persistDir, socketDir, pidFile, conmonPidFile,
        logSizeMax, stdin, stdinOnce, tty, conmonCgroup);
  }

  public ContainerLaunch withLogSizeMax(long bytes) {
    return new ContainerLaunch(id, bundle, runtime, logPath, exitDir, persistDir, socketDir, pidFile, conmonPidFile,
        bytes, stdin, stdinOnce, terminal, conmonCgroup);
  }

  public ContainerLaunch withConmonCgroup(String cgroup) {
    return new ContainerLaunch(id, bundle, runtime, logPath, exitDir, persistDir, socketDir, pidFile, conmonPidFile,
        logSizeMax, stdin, stdinOnce, terminal, cgroup);
  }

  /** The unix socket through which clients attach to the container's stdio. */
  public Path attachSocket() {
    return socketDir.resolve(id).resolve("attach");
  }

  /** The file conmon writes the exit code to. */
  public Path exitFile() {
    return exitDir.resolve(id);
  }
}

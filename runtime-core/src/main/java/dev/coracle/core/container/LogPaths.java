package dev.coracle.core.container;

import dev.coracle.core.error.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a container's log goes: CRI's log_path under the pod's log_directory. */
final class LogPaths {

  private LogPaths() {}

  /**
   * The log file for the container; one in the container's own directory when the pod or the
   * container names none (conmon always needs one). The parent directory is made.
   */
  static Path of(PodContext pod, ContainerConfig config, Path containerDir) throws IOException {
    if (config.logPath().isEmpty() || pod.logDirectory() == null) {
      return containerDir.resolve("container.log");
    }
    Path relative = Path.of(config.logPath()).normalize();
    if (relative.isAbsolute() || relative.startsWith("..")) {
      throw new InvalidArgumentException("log_path \"" + config.logPath()
          + "\" must be relative to the pod's log_directory and stay inside it");
    }
    Path file = pod.logDirectory().resolve(relative);
    Files.createDirectories(file.getParent());
    return file;
  }
}

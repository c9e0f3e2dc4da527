package dev.coracle.cni.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Runs one plugin binary: the seam between the protocol and the processes, so a test can put a
 * failure where it wants one. {@link #processes()} is the real one.
 */
public interface PluginExec {

  /**
   * Runs {@code binary} with exactly {@code environment}, feeding it {@code stdin}, and waits
   * for it to exit.
   *
   * @throws TimeoutException when it ran past {@code timeout}; it has been killed by then
   * @throws IOException when it could not be started
   */
  Completed run(Path binary, Map<String, String> environment, byte[] stdin, Duration timeout)
      throws IOException, TimeoutException;

  /** How a plugin ended: its exit code and everything it wrote. */
  record Completed(int exitCode, byte[] stdout, byte[] stderr) {}

  /** Plugins as child processes. */
  static PluginExec processes() {
    return new ProcessPluginExec();
  }
}

package dev.coracle.core.oci.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the external programs of the runtime (runc, crun, conmon): the seam that lets unit tests
 * stand in for the binaries. Integration tests use {@link SystemProcessRunner}.
 */
public interface ProcessRunner {

  /**
   * Runs a command to completion with standard input from /dev/null, collecting its output.
   * A command still running at the timeout is killed and reported with {@code timedOut}.
   *
   * @throws IOException when the program cannot be started at all
   */
  ProcessResult run(List<String> command, Duration timeout) throws IOException, InterruptedException;

  /**
   * Starts a command whose standard input, output and error are pipes to the caller, with
   * {@code environment} added to this process's own. The caller owns the process.
   */
  Process start(List<String> command, Map<String, String> environment) throws IOException;
}

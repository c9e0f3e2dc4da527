package dev.coracle.core.monitor;

import java.nio.charset.StandardCharsets;

/**
 * How an exec ended and what it printed.
 *
 * @param exitCode the command's exit status (128 + signal when a signal ended it); -1 when it
 *     timed out
 * @param stdout what it wrote to stdout, at most {@link ExecSync#OUTPUT_CAP} bytes
 * @param stderr what it wrote to stderr, at most {@link ExecSync#OUTPUT_CAP} bytes
 * @param timedOut true when it ran past the timeout and was killed
 */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean timedOut) {

  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  public String stderrText() {
    return new String(stderr, StandardCharsets.UTF_8);
  }
}

package dev.coracle.core.oci.runtime;

/**
 * How a command ended and what it printed, decoded as UTF-8.
 *
 * @param exitCode the exit status; meaningless when {@code timedOut}
 * @param timedOut true when the command was killed for running too long
 */
public record ProcessResult(int exitCode, String stdout, String stderr, boolean timedOut) {

  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }
}

package dev.coracle.server.service;

/**
 * The service could not run: the daemon did not start, or the program was not started by the
 * Service Control Manager. The exit code is the {@code coracle} command's (1 could not start,
 * 2 bad configuration or usage, 3 the pipe is in use); the SCM shows it as the service-specific
 * exit code.
 */
public final class ServiceFailure extends RuntimeException {

  private final int exitCode;

  public ServiceFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}

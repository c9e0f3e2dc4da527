package dev.coracle.core.error;

/** Failure: a limit was reached (disk, memory, a quota). */
public final class ResourceExhaustedException extends CoracleException {

  public ResourceExhaustedException(String message) {
    super(message, null);
  }

  public ResourceExhaustedException(String message, Throwable cause) {
    super(message, cause);
  }
}

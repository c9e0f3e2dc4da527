package dev.coracle.core.error;

/** Failure: the runtime failed in a way the caller cannot fix. */
public final class InternalException extends CoracleException {

  public InternalException(String message) {
    super(message, null);
  }

  public InternalException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.coracle.core.error;

/** Failure: the request is valid but the current state forbids it. */
public final class FailedPreconditionException extends CoracleException {

  public FailedPreconditionException(String message) {
    super(message, null);
  }

  public FailedPreconditionException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.coracle.core.error;

/** Failure: the request itself is wrong, whatever the state. */
public final class InvalidArgumentException extends CoracleException {

  public InvalidArgumentException(String message) {
    super(message, null);
  }

  public InvalidArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}

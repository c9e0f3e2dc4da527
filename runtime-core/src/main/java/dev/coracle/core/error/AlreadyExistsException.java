package dev.coracle.core.error;

/** Failure: an object with that name or ID exists already. */
public final class AlreadyExistsException extends CoracleException {

  public AlreadyExistsException(String message) {
    super(message, null);
  }

  public AlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}

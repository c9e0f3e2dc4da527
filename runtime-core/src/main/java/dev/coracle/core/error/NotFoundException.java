package dev.coracle.core.error;

/** Failure: the named object does not exist. */
public final class NotFoundException extends CoracleException {

  public NotFoundException(String message) {
    super(message, null);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}

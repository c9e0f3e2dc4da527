package dev.coracle.core.error;

/** Failure: the runtime does not offer this on this platform or in this version. */
public final class UnimplementedException extends CoracleException {

  public UnimplementedException(String message) {
    super(message, null);
  }

  public UnimplementedException(String message, Throwable cause) {
    super(message, cause);
  }
}

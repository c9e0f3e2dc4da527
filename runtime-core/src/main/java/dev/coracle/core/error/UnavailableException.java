package dev.coracle.core.error;

/** Failure: the runtime cannot serve now; the same request may succeed later. */
public final class UnavailableException extends CoracleException {

  public UnavailableException(String message) {
    super(message, null);
  }

  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

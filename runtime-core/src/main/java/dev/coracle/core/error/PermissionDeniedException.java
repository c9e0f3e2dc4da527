package dev.coracle.core.error;

/** Failure: the caller's credentials were refused or do not allow this (a registry's 401 or 403). */
public final class PermissionDeniedException extends CoracleException {

  public PermissionDeniedException(String message) {
    super(message, null);
  }

  public PermissionDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.coracle.core.error;

/**
 * The one family of failures the core reports to its callers. Each subtype says what kind of
 * failure it is, so the server maps it to a wire status in exactly one place; the message is
 * written for the person who sent the request.
 */
public abstract sealed class CoracleException extends RuntimeException
    permits NotFoundException, AlreadyExistsException, InvalidArgumentException,
        FailedPreconditionException, ResourceExhaustedException, UnavailableException,
        UnimplementedException, InternalException, PermissionDeniedException, DeadlineExceededException {

  protected CoracleException(String message, Throwable cause) {
    super(message, cause);
  }
}

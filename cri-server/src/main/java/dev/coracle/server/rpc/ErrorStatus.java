package dev.coracle.server.rpc;

import dev.coracle.core.error.AlreadyExistsException;
import dev.coracle.core.error.CoracleException;
import dev.coracle.core.error.DeadlineExceededException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.error.PermissionDeniedException;
import dev.coracle.core.error.ResourceExhaustedException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.error.UnimplementedException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/** The one place a failure becomes a gRPC status. */
final class ErrorStatus {

  private ErrorStatus() {}

  /** The status for a failure; anything not from the core's family is an internal error. */
  static Status of(Throwable failure) {
    return switch (failure) {
      case CoracleException e -> codeOf(e).withDescription(e.getMessage());
      case StatusRuntimeException e -> e.getStatus();
      case StatusException e -> e.getStatus();
      default -> Status.INTERNAL.withDescription("internal error: " + failure.getClass().getSimpleName()
          + " (the daemon's log has the details)");
    };
  }

  /** Whether the failure is the runtime's own fault, worth a stack trace in the log. */
  static boolean isInternal(Throwable failure) {
    return !(failure instanceof CoracleException) && !(failure instanceof StatusRuntimeException)
        && !(failure instanceof StatusException) || failure instanceof InternalException;
  }

  private static Status codeOf(CoracleException e) {
    return switch (e) {
      case NotFoundException x -> Status.NOT_FOUND;
      case AlreadyExistsException x -> Status.ALREADY_EXISTS;
      case InvalidArgumentException x -> Status.INVALID_ARGUMENT;
      case FailedPreconditionException x -> Status.FAILED_PRECONDITION;
      case ResourceExhaustedException x -> Status.RESOURCE_EXHAUSTED;
      case UnavailableException x -> Status.UNAVAILABLE;
      case UnimplementedException x -> Status.UNIMPLEMENTED;
      case InternalException x -> Status.INTERNAL;
      case PermissionDeniedException x -> Status.PERMISSION_DENIED;
      case DeadlineExceededException x -> Status.DEADLINE_EXCEEDED;
    };
  }
}

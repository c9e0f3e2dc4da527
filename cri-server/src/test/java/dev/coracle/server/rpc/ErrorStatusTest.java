package dev.coracle.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorStatusTest {

  private record Case(CoracleException failure, Status.Code code) {}

  @Test
  void of_everyCoreFailure_mapsToItsCodeKeepingTheMessage() {
    List<Case> cases = List.of(
        new Case(new NotFoundException("m"), Status.Code.NOT_FOUND),
        new Case(new AlreadyExistsException("m"), Status.Code.ALREADY_EXISTS),
        new Case(new InvalidArgumentException("m"), Status.Code.INVALID_ARGUMENT),
        new Case(new FailedPreconditionException("m"), Status.Code.FAILED_PRECONDITION),
        new Case(new ResourceExhaustedException("m"), Status.Code.RESOURCE_EXHAUSTED),
        new Case(new UnavailableException("m"), Status.Code.UNAVAILABLE),
        new Case(new UnimplementedException("m"), Status.Code.UNIMPLEMENTED),
        new Case(new InternalException("m"), Status.Code.INTERNAL),
        new Case(new PermissionDeniedException("m"), Status.Code.PERMISSION_DENIED),
        new Case(new DeadlineExceededException("m"), Status.Code.DEADLINE_EXCEEDED));
    for (Case c : cases) {
      Status status = ErrorStatus.of(c.failure());
      assertEquals(c.code(), status.getCode(), c.failure().getClass().getSimpleName());
      assertEquals("m", status.getDescription());
    }
  }

  @Test
  void of_unexpectedThrowable_isInternalWithoutItsMessage() {
    Status status = ErrorStatus.of(new IllegalStateException("secret /var/lib path"));
    assertEquals(Status.Code.INTERNAL, status.getCode());
    assertFalse(status.getDescription().contains("secret"), status.getDescription());
    assertTrue(ErrorStatus.isInternal(new IllegalStateException()));
  }

  @Test
  void of_statusException_passesThrough() {
    assertEquals(Status.Code.DEADLINE_EXCEEDED,
        ErrorStatus.of(Status.DEADLINE_EXCEEDED.withDescription("x").asRuntimeException()).getCode());
    assertFalse(ErrorStatus.isInternal(Status.CANCELLED.asRuntimeException()));
  }

  @Test
  void isInternal_onlyForTheRuntimesOwnFaults() {
    assertFalse(ErrorStatus.isInternal(new NotFoundException("m")));
    assertTrue(ErrorStatus.isInternal(new InternalException("m")));
  }
}

package dev.coracle.core.error;

/**
 * Failure: the operation ran out of the time it was given (an ExecSync command past its
 * timeout). kubelet tells a probe that timed out from one that failed by this code.
 */
public final class DeadlineExceededException extends CoracleException {

  public DeadlineExceededException(String message) {
    super(message, null);
  }
}

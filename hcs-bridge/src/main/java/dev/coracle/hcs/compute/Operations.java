package dev.coracle.hcs.compute;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.hcs.nativeapi.ComputeCore;
import dev.coracle.hcs.nativeapi.HcsProcessInformation;
import dev.coracle.hcs.nativeapi.Kernel32;
import dev.coracle.hcs.nativeapi.WideStrings;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The HCS operation model (WINDOWS.md §1.3), once: one operation per call, the call, a wait
 * bounded by the timeout, the result document read and freed with {@code LocalFree}, the
 * operation closed whatever happened, a failure turned into an {@link HcsException}.
 *
 * <p>A timed-out wait cancels best-effort ({@code HcsCancelOperation} is documented as not
 * implemented) and closes only the operation, which §1.3 step 5 allows while the request is
 * in flight; the system or process handle the call used stays open (§1.1). A call that
 * creates a handle cannot leave it to its caller, who receives none: it passes a late
 * cleanup, and then a virtual thread waits for the operation to finish before closing it and
 * running the cleanup, so the new handle is never closed under the running call.
 */
final class Operations {

  /** The largest finite {@code DWORD} timeout; {@code 0xFFFFFFFF} would mean INFINITE. */
  private static final long MAX_TIMEOUT_MS = 0xFFFFFFFEL;

  private final ComputeCore core;
  private final Kernel32 kernel32;
  private final Duration timeout;

  Operations(ComputeCore core, Kernel32 kernel32, Duration timeout) {
    this.core = core;
    this.kernel32 = kernel32;
    this.timeout = timeout;
  }

  /** What a tracked call produced: its result document and, when asked for, its process information. */
  record Outcome(String document, HcsProcessInformation processInformation) {
  }

  Duration timeout() {
    return timeout;
  }

  /** Runs {@code call} with a fresh operation and returns the result document ({@code ""} if none). */
  String run(String function, ToIntFunction<Pointer> call) {
    return run(function, call, false, null).document();
  }

  /**
   * As {@link #run(String, ToIntFunction)}; if the wait times out, {@code lateCleanup} runs
   * once the operation has finished after all (on a virtual thread), not before.
   */
  String run(String function, ToIntFunction<Pointer> call, Consumer<Outcome> lateCleanup) {
    return run(function, call, false, lateCleanup).document();
  }

  /** As {@link #run(String, ToIntFunction, Consumer)}, also receiving the process information (stdio handles). */
  Outcome runForProcess(String function, ToIntFunction<Pointer> call, Consumer<Outcome> lateCleanup) {
    return run(function, call, true, lateCleanup);
  }

  /**
   * Starts {@code call} and closes its operation without waiting (§1.3 step 5); only a failure
   * the call reports at once is seen, and those {@code ignored} accepts count as success.
   */
  void fire(String function, ToIntFunction<Pointer> call, Predicate<HResult> ignored) {
    Pointer operation = create(function);
    try {
      int hr = call.applyAsInt(operation);
      if (hr < 0 && !ignored.test(HResult.of(hr))) {
        PointerByReference document = new PointerByReference();
        core.HcsGetOperationResult(operation, document);
        throw new HcsException(function, HResult.of(hr), WideStrings.takeLocal(kernel32, document));
      }
    } finally {
      core.HcsCloseOperation(operation);
    }
  }

  /** The timeout as a finite {@code DWORD} number of milliseconds. */
  static int timeoutMs(Duration timeout) {
    long ms = timeout.isNegative() ? 0 : Math.min(MAX_TIMEOUT_MS, timeout.toMillis());
    return (int) ms;
  }

  private Outcome run(String function, ToIntFunction<Pointer> call, boolean withProcessInformation,
      Consumer<Outcome> lateCleanup) {
    Pointer operation = create(function);
    boolean handedOff = false;
    try {
      HcsProcessInformation information = withProcessInformation ? new HcsProcessInformation() : null;
      PointerByReference document = new PointerByReference();
      int hr = call.applyAsInt(operation);
      if (hr < 0) {
        // Final at once (§1.3 step 2); the operation still holds the error document.
        core.HcsGetOperationResult(operation, document);
      } else if (withProcessInformation) {
        hr = core.HcsWaitForOperationResultAndProcessInfo(operation, timeoutMs(timeout), information, document);
      } else {
        hr = core.HcsWaitForOperationResult(operation, timeoutMs(timeout), document);
      }
      String text = WideStrings.takeLocal(kernel32, document);
      HResult result = HResult.of(hr);
      if (result.failed()) {
        if (result.code() == HResult.HCS_E_OPERATION_TIMEOUT) {
          core.HcsCancelOperation(operation);
          if (lateCleanup != null) {
            handedOff = true;
            Thread.ofVirtual().name("hcs-late-" + function).start(
                () -> finishLate(operation, withProcessInformation, lateCleanup));
          }
        }
        throw new HcsException(function, result, text);
      }
      return new Outcome(text, information);
    } finally {
      if (!handedOff) {
        core.HcsCloseOperation(operation);
      }
    }
  }

  /** Waits for a timed-out operation without bound, then closes it and cleans up after the call. */
  private void finishLate(Pointer operation, boolean withProcessInformation, Consumer<Outcome> lateCleanup) {
    try {
      HcsProcessInformation information = withProcessInformation ? new HcsProcessInformation() : null;
      PointerByReference document = new PointerByReference();
      if (withProcessInformation) {
        core.HcsWaitForOperationResultAndProcessInfo(operation, ComputeCore.INFINITE, information, document);
      } else {
        core.HcsWaitForOperationResult(operation, ComputeCore.INFINITE, document);
      }
      lateCleanup.accept(new Outcome(WideStrings.takeLocal(kernel32, document), information));
    } finally {
      core.HcsCloseOperation(operation);
    }
  }

  private Pointer create(String function) {
    Pointer operation = core.HcsCreateOperation(null, null);
    if (operation == null) {
      throw new HcsException("HcsCreateOperation", HResult.of(HResult.E_FAIL), "for " + function);
    }
    return operation;
  }
}

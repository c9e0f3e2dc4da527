package dev.coracle.hcs.compute;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.hcs.nativeapi.ComputeCore;
import dev.coracle.hcs.nativeapi.HcsEvent;
import dev.coracle.hcs.nativeapi.HcsProcessInformation;
import dev.coracle.hcs.nativeapi.Kernel32;
import dev.coracle.hcs.nativeapi.Natives;
import dev.coracle.hcs.nativeapi.WideStrings;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One open {@code HCS_SYSTEM} handle: a container or utility VM (WINDOWS.md §1.2, §1.3).
 * Thread-safe. {@link #close()} waits for calls in progress on this handle, because closing a
 * handle under a running call crashes {@code computecore.dll} (§1.1); after it every method
 * throws {@link IllegalStateException}. With {@code ShouldTerminateOnLastHandleClosed} in the
 * document, closing the last handle ends the system.
 */
public final class HcsSystem implements AutoCloseable {

  private final String id;
  private final Pointer handle;
  private final Natives natives;
  private final ComputeCore core;
  private final Operations operations;
  private final HandleGuard guard;
  /** Strongly held while the handle is open: HCS keeps only a native pointer to it (§1.1). */
  private ExitListener exitListener;

  HcsSystem(String id, Pointer handle, Natives natives, Operations operations) {
    this.id = id;
    this.handle = handle;
    this.natives = natives;
    this.core = natives.computeCore();
    this.operations = operations;
    this.guard = new HandleGuard("compute system " + id);
  }

  public String id() {
    return id;
  }

  /** {@code HcsStartComputeSystem}, waited for. */
  public void start() {
    guard.use(() -> operations.run("HcsStartComputeSystem", op -> core.HcsStartComputeSystem(handle, op, null)));
  }

  /**
   * {@code HcsShutDownComputeSystem}, fired without waiting, as hcsshim does (§1.3 step 5):
   * learn the outcome from {@link #onExit} or {@link #waitForExit}. A system already stopped
   * or gone, or the legacy "pending" answer, counts as success.
   */
  public void shutdown() {
    guard.use(() -> operations.fire("HcsShutDownComputeSystem",
        op -> core.HcsShutDownComputeSystem(handle, op, null), HcsSystem::stoppedAlready));
  }

  /** {@code HcsTerminateComputeSystem}, waited for; a system already stopped or gone counts as success. */
  public void terminate() {
    guard.use(() -> {
      try {
        operations.run("HcsTerminateComputeSystem", op -> core.HcsTerminateComputeSystem(handle, op, null));
      } catch (HcsException e) {
        if (!stoppedAlready(e.result())) {
          throw e;
        }
      }
    });
  }

  /** {@code HcsGetComputeSystemProperties}, e.g. {@code {"PropertyTypes":["Statistics"]}} (§2d): the properties JSON. */
  public String properties(String queryJson) {
    WString query = queryJson == null ? null : new WString(queryJson);
    return guard.use(() -> operations.run("HcsGetComputeSystemProperties",
        op -> core.HcsGetComputeSystemProperties(handle, op, query)));
  }

  /** {@code HcsModifyComputeSystem} with a {@code ModifySettingRequest} (§2e). */
  public void modify(String requestJson) {
    guard.use(() -> operations.run("HcsModifyComputeSystem",
        op -> core.HcsModifyComputeSystem(handle, op, new WString(requestJson), null)));
  }

  /**
   * {@code HcsCreateProcess} with {@code ProcessParameters} (§2c); the stdio pipes asked for
   * come back as the process's streams. On failure every handle received is closed; on a
   * timeout, once the creation has finished after all (§1.1).
   */
  public HcsProcess createProcess(String processParametersJson) {
    return guard.use(() -> {
      PointerByReference process = new PointerByReference();
      Operations.Outcome outcome;
      try {
        outcome = operations.runForProcess("HcsCreateProcess",
            op -> core.HcsCreateProcess(handle, new WString(processParametersJson), op, null, process),
            late -> closeAll(process, late.processInformation()));
      } catch (HcsException e) {
        if (e.result().code() != HResult.HCS_E_OPERATION_TIMEOUT) {
          closeAll(process, null);
        }
        throw e;
      } catch (RuntimeException e) {
        closeAll(process, null);
        throw e;
      }
      HcsProcessInformation info = outcome.processInformation();
      Kernel32 kernel32 = natives.kernel32();
      return new HcsProcess(info.ProcessId, process.getValue(), natives, operations,
          PipeHandle.of(kernel32, info.StdInput), PipeHandle.of(kernel32, info.StdOutput),
          PipeHandle.of(kernel32, info.StdError));
    });
  }

  /** Closes what a failed or abandoned {@code HcsCreateProcess} handed out. */
  private void closeAll(PointerByReference process, HcsProcessInformation information) {
    if (information != null) {
      Kernel32 kernel32 = natives.kernel32();
      for (Pointer pipe : new Pointer[] {information.StdInput, information.StdOutput, information.StdError}) {
        PipeHandle handle = PipeHandle.of(kernel32, pipe);
        if (handle != null) {
          handle.close();
        }
      }
    }
    if (process.getValue() != null) {
      core.HcsCloseProcess(process.getValue());
    }
  }

  /** {@code HcsOpenProcess} with {@code GENERIC_ALL}: a process of this system, without stdio. */
  public HcsProcess openProcess(int pid) {
    return guard.use(() -> {
      PointerByReference process = new PointerByReference();
      int hr = core.HcsOpenProcess(handle, pid, ComputeCore.GENERIC_ALL, process);
      if (hr < 0) {
        throw new HcsException("HcsOpenProcess", HResult.of(hr), "");
      }
      return new HcsProcess(pid, process.getValue(), natives, operations, null, null, null);
    });
  }

  /**
   * Calls {@code consumer} with the {@code SystemExitStatus} JSON ({@code {"Status",
   * "ExitType"}}) when the system exits, on a thread of its own. The first call registers
   * the handle's callback ({@code HcsSetComputeSystemCallback}); closing the handle
   * unregisters it, and no event follows a close (§1.2).
   */
  public void onExit(Consumer<String> systemExitStatusJson) {
    guard.use(() -> {
      synchronized (this) {
        if (exitListener == null) {
          ExitListener listener = new ExitListener(HcsEvent.SYSTEM_EXITED, "hcs-exit-" + id);
          int hr = core.HcsSetComputeSystemCallback(handle, ComputeCore.EVENT_OPTIONS_NONE, null, listener);
          if (hr < 0) {
            throw new HcsException("HcsSetComputeSystemCallback", HResult.of(hr), "");
          }
          exitListener = listener;
        }
        exitListener.add(systemExitStatusJson);
      }
    });
  }

  /**
   * {@code HcsWaitForComputeSystemExit} (Server 2022 and newer): the {@code SystemExitStatus}
   * JSON, or empty if the system still runs after {@code timeout}. {@link #close()} waits for
   * this call to return.
   */
  public Optional<String> waitForExit(Duration timeout) {
    return guard.use(() -> {
      PointerByReference result = new PointerByReference();
      int hr = core.HcsWaitForComputeSystemExit(handle, Operations.timeoutMs(timeout), result);
      String document = WideStrings.takeLocal(natives.kernel32(), result);
      if (hr == HResult.HCS_E_OPERATION_TIMEOUT) {
        return Optional.<String>empty();
      }
      if (hr < 0) {
        throw new HcsException("HcsWaitForComputeSystemExit", HResult.of(hr), document);
      }
      return Optional.of(document);
    });
  }

  /** {@code HcsCloseComputeSystem}, once; later calls do nothing. */
  @Override
  public void close() {
    guard.close(() -> core.HcsCloseComputeSystem(handle));
  }

  private static boolean stoppedAlready(HResult result) {
    return result.isAlreadyStopped() || result.isNotFound() || (result.isHcs() && result.low() == 0x0103);
  }
}

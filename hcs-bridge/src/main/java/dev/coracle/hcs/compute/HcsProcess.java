package dev.coracle.hcs.compute;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.hcs.nativeapi.ComputeCore;
import dev.coracle.hcs.nativeapi.HcsEvent;
import dev.coracle.hcs.nativeapi.Natives;
import dev.coracle.hcs.nativeapi.WideStrings;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One open {@code HCS_PROCESS} handle and the host ends of its stdio pipes (WINDOWS.md §1.2,
 * §2c). Thread-safe; {@link #close()} waits for calls in progress on the handle (§1.1), then
 * closes it and every pipe not closed yet; after it every method throws {@link
 * IllegalStateException}.
 */
public final class HcsProcess implements AutoCloseable {

  private final int pid;
  private final Pointer handle;
  private final Natives natives;
  private final ComputeCore core;
  private final Operations operations;
  private final HandleGuard guard;
  private final PipeHandle stdinPipe;
  private final PipeHandle stdoutPipe;
  private final PipeHandle stderrPipe;
  private final OutputStream stdin;
  private final InputStream stdout;
  private final InputStream stderr;
  /** Strongly held while the handle is open: HCS keeps only a native pointer to it (§1.1). */
  private ExitListener exitListener;

  HcsProcess(int pid, Pointer handle, Natives natives, Operations operations, PipeHandle stdinPipe,
      PipeHandle stdoutPipe, PipeHandle stderrPipe) {
    this.pid = pid;
    this.handle = handle;
    this.natives = natives;
    this.core = natives.computeCore();
    this.operations = operations;
    this.guard = new HandleGuard("process " + pid);
    this.stdinPipe = stdinPipe;
    this.stdoutPipe = stdoutPipe;
    this.stderrPipe = stderrPipe;
    this.stdin = stdinPipe == null ? null : new PipeOutputStream(stdinPipe);
    this.stdout = stdoutPipe == null ? null : new PipeInputStream(stdoutPipe, "stdout");
    this.stderr = stderrPipe == null ? null : new PipeInputStream(stderrPipe, "stderr");
  }

  /** The process ID inside the compute system. */
  public int pid() {
    return pid;
  }

  /** The stdin pipe, when {@code CreateStdInPipe} asked for one; closing it closes the handle once. */
  public Optional<OutputStream> stdin() {
    return Optional.ofNullable(stdin);
  }

  /** The stdout pipe, when {@code CreateStdOutPipe} asked for one; closing it closes the handle once. */
  public Optional<InputStream> stdout() {
    return Optional.ofNullable(stdout);
  }

  /** The stderr pipe, when asked for and not a console ({@code EmulateConsole} ignores it, §2c). */
  public Optional<InputStream> stderr() {
    return Optional.ofNullable(stderr);
  }

  /**
   * {@code HcsSignalProcess} with {@code SignalProcessOptions}, e.g. {@code
   * {"Signal":"CtrlShutdown"}} (§2c). servercore may block this call until the process dies,
   * so callers signal off their request thread; a process already gone answers
   * {@code HCS_E_INVALID_STATE} ({@link HResult#isInvalidState()}).
   */
  public void signal(String optionsJson) {
    guard.use(() -> operations.run("HcsSignalProcess",
        op -> core.HcsSignalProcess(handle, op, new WString(optionsJson))));
  }

  /**
   * {@code HcsTerminateProcess}. After the process exited Windows answers {@code
   * E_ACCESSDENIED} or {@code HCS_E_PROCESS_ALREADY_STOPPED}; both count as success, as in
   * hcsshim (§1.4).
   */
  public void terminate() {
    guard.use(() -> {
      try {
        operations.run("HcsTerminateProcess", op -> core.HcsTerminateProcess(handle, op, null));
      } catch (HcsException e) {
        if (e.result().code() != HResult.E_ACCESSDENIED && !e.result().isAlreadyStopped()) {
          throw e;
        }
      }
    });
  }

  /**
   * Closes the process's stdin inside the system ({@code HcsModifyProcess} {@code CloseHandle
   * StdIn}, §2c), then the host end of the pipe, as hcsshim does. The request fails once the
   * process exited; the host end is closed all the same.
   */
  public void closeStdin() {
    try {
      guard.use(() -> operations.run("HcsModifyProcess", op -> core.HcsModifyProcess(handle, op,
          new WString("{\"Operation\":\"CloseHandle\",\"CloseHandle\":{\"Handle\":\"StdIn\"}}"))));
    } finally {
      if (stdinPipe != null) {
        stdinPipe.close();
      }
    }
  }

  /** {@code HcsModifyProcess} {@code ConsoleSize} for a process with {@code EmulateConsole} (§2c). */
  public void resizeConsole(int height, int width) {
    String request = "{\"Operation\":\"ConsoleSize\",\"ConsoleSize\":{\"Height\":" + height + ",\"Width\":" + width + "}}";
    guard.use(() -> operations.run("HcsModifyProcess", op -> core.HcsModifyProcess(handle, op, new WString(request))));
  }

  /** {@code HcsGetProcessProperties}: the properties JSON. */
  public String properties(String queryJson) {
    WString query = queryJson == null ? null : new WString(queryJson);
    return guard.use(() -> operations.run("HcsGetProcessProperties",
        op -> core.HcsGetProcessProperties(handle, op, query)));
  }

  /**
   * Calls {@code consumer} with the {@code ProcessStatus} JSON ({@code {"ProcessId","Exited",
   * "ExitCode","LastWaitResult"}}) when the process exits, on a thread of its own, once. The
   * first call registers the handle's callback ({@code HcsSetProcessCallback}) and then asks
   * once whether the process exited already: one that ended before the callback was registered
   * sends no event.
   */
  public void onExit(Consumer<String> processStatusJson) {
    guard.use(() -> {
      synchronized (this) {
        if (exitListener == null) {
          ExitListener listener = new ExitListener(HcsEvent.PROCESS_EXITED, "hcs-exit-" + pid);
          int hr = core.HcsSetProcessCallback(handle, ComputeCore.EVENT_OPTIONS_NONE, null, listener);
          if (hr < 0) {
            throw new HcsException("HcsSetProcessCallback", HResult.of(hr), "");
          }
          exitListener = listener;
          exitedAlready(listener);
        }
        exitListener.add(processStatusJson);
      }
    });
  }

  /** {@code HcsWaitForProcessExit} with no wait (Server 2022 and newer; older hosts rely on the event). */
  private void exitedAlready(ExitListener listener) {
    try {
      PointerByReference result = new PointerByReference();
      int hr = core.HcsWaitForProcessExit(handle, 0, result);
      String document = WideStrings.takeLocal(natives.kernel32(), result);
      if (hr >= 0) {
        listener.exited(document);
      }
    } catch (UnsatisfiedLinkError olderThanServer2022) {
      // The event is the only way there.
    }
  }

  /**
   * {@code HcsWaitForProcessExit} (Server 2022 and newer): the {@code ProcessStatus} JSON, or
   * empty if the process still runs after {@code timeout}.
   */
  public Optional<String> waitForExit(Duration timeout) {
    return guard.use(() -> {
      PointerByReference result = new PointerByReference();
      int hr = core.HcsWaitForProcessExit(handle, Operations.timeoutMs(timeout), result);
      String document = WideStrings.takeLocal(natives.kernel32(), result);
      if (hr == HResult.HCS_E_OPERATION_TIMEOUT) {
        return Optional.<String>empty();
      }
      if (hr < 0) {
        throw new HcsException("HcsWaitForProcessExit", HResult.of(hr), document);
      }
      return Optional.of(document);
    });
  }

  /** Closes the pipes not closed yet and {@code HcsCloseProcess}, once; later calls do nothing. */
  @Override
  public void close() {
    guard.close(() -> {
      for (PipeHandle pipe : new PipeHandle[] {stdinPipe, stdoutPipe, stderrPipe}) {
        if (pipe != null) {
          pipe.close();
        }
      }
      core.HcsCloseProcess(handle);
    });
  }
}

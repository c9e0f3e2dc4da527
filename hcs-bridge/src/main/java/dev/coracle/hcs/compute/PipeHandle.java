package dev.coracle.hcs.compute;

import com.sun.jna.Pointer;
import dev.coracle.hcs.nativeapi.Kernel32;

/**
 * The host end of one stdio pipe HCS returned (WINDOWS.md §2c): closed with {@code
 * CloseHandle} exactly once. A close requested while a read or write runs on another thread
 * is carried out when that call returns, so the handle is never closed under a call.
 */
final class PipeHandle {

  private final Kernel32 kernel32;
  private final Pointer handle;
  private int users;
  private boolean closeRequested;

  private PipeHandle(Kernel32 kernel32, Pointer handle) {
    this.kernel32 = kernel32;
    this.handle = handle;
  }

  /** The pipe, or null when HCS created none: NULL or {@code INVALID_HANDLE_VALUE}. */
  static PipeHandle of(Kernel32 kernel32, Pointer handle) {
    if (handle == null || Pointer.nativeValue(handle) == Kernel32.INVALID_HANDLE_VALUE) {
      return null;
    }
    return new PipeHandle(kernel32, handle);
  }

  Kernel32 kernel32() {
    return kernel32;
  }

  /** The handle for one call, or null once a close was requested; pair with {@link #release()}. */
  synchronized Pointer acquire() {
    if (closeRequested) {
      return null;
    }
    users++;
    return handle;
  }

  void release() {
    boolean closeNow;
    synchronized (this) {
      users--;
      closeNow = closeRequested && users == 0;
    }
    if (closeNow) {
      kernel32.CloseHandle(handle);
    }
  }

  void close() {
    boolean closeNow;
    synchronized (this) {
      if (closeRequested) {
        return;
      }
      closeRequested = true;
      closeNow = users == 0;
    }
    if (closeNow) {
      kernel32.CloseHandle(handle);
    }
  }
}

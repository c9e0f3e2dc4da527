package dev.coracle.hcs.nativeapi;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The few {@code kernel32.dll} functions the wrappers need: synchronous pipe I/O on the stdio
 * handles HCS returns, closing them, and {@code LocalFree} for computecore and computestorage
 * strings (WINDOWS.md §1.1, §2c). {@code BOOL} results are Java {@code boolean}s.
 */
public interface Kernel32 extends StdCallLibrary {

  /** {@code INVALID_HANDLE_VALUE}, {@code (HANDLE) -1}. */
  long INVALID_HANDLE_VALUE = -1L;
  /** The writer closed its end of the pipe: end of stream. */
  int ERROR_BROKEN_PIPE = 109;
  int ERROR_HANDLE_EOF = 38;

  /** {@code overlapped} is always null: the wrappers read synchronously. */
  boolean ReadFile(Pointer file, byte[] buffer, int bytesToRead, IntByReference bytesRead, Pointer overlapped);

  boolean WriteFile(Pointer file, byte[] buffer, int bytesToWrite, IntByReference bytesWritten, Pointer overlapped);

  boolean CloseHandle(Pointer handle);

  /** Returns NULL on success. */
  Pointer LocalFree(Pointer memory);

  /**
   * The calling thread's last Win32 error after a failed call. Not an export: JNA keeps the
   * value per thread right after each native call, and mapping {@code GetLastError} itself
   * would read a value JNA's own calls may have replaced. A fake overrides it.
   */
  default int lastError() {
    return Native.getLastError();
  }
}

package dev.coracle.hcs.hostprocess;

import com.sun.jna.Pointer;
import dev.coracle.hcs.compute.HResult;
import dev.coracle.hcs.compute.HcsException;
import dev.coracle.hcs.nativeapi.JobApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Win32 results as the module's errors: a failed call is an {@link HcsException} with {@code
 * HRESULT_FROM_WIN32} of the last error (WINDOWS.md §1.4).
 */
final class Win32 {

  private static final Logger log = LoggerFactory.getLogger(Win32.class);

  private Win32() {}

  /** Throws for a FALSE result, with the thread's last error. */
  static void check(JobApi api, boolean ok, String function) {
    if (!ok) {
      throw failure(api, function);
    }
  }

  static HcsException failure(JobApi api, String function) {
    return failure(function, api.lastError());
  }

  static HcsException failure(String function, int win32Error) {
    int code = win32Error == 0 ? HResult.E_FAIL : 0x80070000 | (win32Error & 0xFFFF);
    return new HcsException(function, HResult.of(code), "");
  }

  /** Closes a handle that may be NULL; a failure is only logged, as nothing else can be done with it. */
  static void close(JobApi api, Pointer handle) {
    if (handle != null && !api.CloseHandle(handle)) {
      log.warn("CloseHandle failed: error {}", api.lastError());
    }
  }
}

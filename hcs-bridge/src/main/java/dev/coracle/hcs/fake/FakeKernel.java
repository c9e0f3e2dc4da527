package dev.coracle.hcs.fake;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.coracle.hcs.fake.Ledger.Kind;
import dev.coracle.hcs.nativeapi.Kernel32;
import dev.coracle.hcs.nativeapi.Ntdll;
import dev.coracle.hcs.nativeapi.Ole32;
import dev.coracle.hcs.nativeapi.OsVersionInfoEx;
import java.io.IOException;

/**
 * The fake {@code kernel32}, {@code ole32} and {@code ntdll}: pipe I/O between the host and
 * fake processes, handle closing, the two free functions, and the host version.
 */
final class FakeKernel implements Kernel32, Ole32, Ntdll {

  private static final int ERROR_INVALID_HANDLE = 6;
  private static final int ERROR_ACCESS_DENIED = 5;
  private static final int ERROR_NO_DATA = 232;

  /** The host's end of a pipe: it writes (stdin) or reads (stdout, stderr). */
  record PipeEnd(FakePipe pipe, boolean hostWrites) {
  }

  private final Ledger ledger;
  private final FakeWindows host;
  private final ThreadLocal<Integer> lastError = ThreadLocal.withInitial(() -> 0);

  FakeKernel(Ledger ledger, FakeWindows host) {
    this.ledger = ledger;
    this.host = host;
  }

  @Override
  public boolean ReadFile(Pointer file, byte[] buffer, int bytesToRead, IntByReference bytesRead, Pointer overlapped) {
    ledger.record("ReadFile", file, buffer, bytesToRead, bytesRead, overlapped);
    try (Ledger.Use<PipeEnd> use = ledger.use(file, Kind.PIPE, "ReadFile", PipeEnd.class)) {
      PipeEnd end = use.target();
      if (end == null) {
        return fail(ERROR_INVALID_HANDLE);
      }
      if (end.hostWrites()) {
        ledger.violation("ReadFile on the write end of a stdin pipe");
        return fail(ERROR_ACCESS_DENIED);
      }
      int n = end.pipe().read(buffer, 0, Math.min(bytesToRead, buffer.length));
      if (n < 0) {
        bytesRead.setValue(0);
        return fail(ERROR_BROKEN_PIPE);
      }
      bytesRead.setValue(n);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(ERROR_BROKEN_PIPE);
    }
  }

  @Override
  public boolean WriteFile(Pointer file, byte[] buffer, int bytesToWrite, IntByReference bytesWritten, Pointer overlapped) {
    ledger.record("WriteFile", file, buffer, bytesToWrite, bytesWritten, overlapped);
    try (Ledger.Use<PipeEnd> use = ledger.use(file, Kind.PIPE, "WriteFile", PipeEnd.class)) {
      PipeEnd end = use.target();
      if (end == null) {
        return fail(ERROR_INVALID_HANDLE);
      }
      if (!end.hostWrites()) {
        ledger.violation("WriteFile on the read end of a stdout or stderr pipe");
        return fail(ERROR_ACCESS_DENIED);
      }
      end.pipe().write(buffer, 0, Math.min(bytesToWrite, buffer.length));
      bytesWritten.setValue(Math.min(bytesToWrite, buffer.length));
      return true;
    } catch (IOException e) {
      // The process side is gone: Windows says the pipe is being closed.
      return fail(ERROR_NO_DATA);
    }
  }

  @Override
  public boolean CloseHandle(Pointer handle) {
    ledger.record("CloseHandle", handle);
    PipeEnd end = (PipeEnd) ledger.close(handle, Kind.PIPE, "CloseHandle");
    if (end == null) {
      return fail(ERROR_INVALID_HANDLE);
    }
    if (end.hostWrites()) {
      end.pipe().closeWriter();
    } else {
      end.pipe().closeReader();
    }
    return true;
  }

  @Override
  public Pointer LocalFree(Pointer memory) {
    ledger.record("LocalFree", memory);
    ledger.free(memory, Ledger.Free.LOCAL_FREE, "LocalFree");
    return null;
  }

  @Override
  public int lastError() {
    return lastError.get();
  }

  @Override
  public void CoTaskMemFree(Pointer memory) {
    ledger.record("CoTaskMemFree", memory);
    ledger.free(memory, Ledger.Free.CO_TASK_MEM_FREE, "CoTaskMemFree");
  }

  @Override
  public int RtlGetVersion(OsVersionInfoEx info) {
    ledger.record("RtlGetVersion", info);
    if (info.dwOSVersionInfoSize != info.size()) {
      ledger.violation("RtlGetVersion was given dwOSVersionInfoSize " + info.dwOSVersionInfoSize + ", not " + info.size());
      return 0xC000000D; // STATUS_INVALID_PARAMETER
    }
    info.dwMajorVersion = 10;
    info.dwMinorVersion = 0;
    info.dwBuildNumber = host.hostBuild();
    info.dwPlatformId = 2;
    info.write();
    return 0;
  }

  private boolean fail(int error) {
    lastError.set(error);
    return false;
  }
}

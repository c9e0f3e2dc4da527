package dev.coracle.server.listen.pipe;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The Win32 calls a named-pipe server needs, one to one with their C prototypes (kernel32 and
 * advapi32; WINDOWS.md §10). {@code HANDLE}, {@code LPVOID} and {@code PSECURITY_DESCRIPTOR}
 * are {@link Pointer}s, {@code DWORD} is {@code int}, {@code BOOL} is {@code boolean},
 * {@code LPCWSTR} is {@link WString} (UTF-16 on Windows). A failed call returns
 * {@code FALSE}, {@code NULL} or {@link #INVALID_HANDLE_VALUE} and leaves its code for
 * {@link #GetLastError()}.
 *
 * <p>{@code LPOVERLAPPED} and the I/O buffers are raw native memory ({@link Overlapped},
 * {@link com.sun.jna.Memory}), never a JNA {@code Structure} or a Java array: the system writes
 * into them after the call has returned, while JNA copies a structure or an array in and out
 * around each call only, and would hand the system memory it has already freed (or write a
 * stale status back over the system's own).
 *
 * <p>Only {@link NamedPipeListener} and {@link PipeHandleConnection} call these; tests use a
 * recording fake, {@link #load()} is for Windows only.
 */
interface PipeApi {

  int PIPE_ACCESS_DUPLEX = 0x3;
  int FILE_FLAG_OVERLAPPED = 0x40000000;
  int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;
  int PIPE_TYPE_BYTE = 0x0;
  int PIPE_READMODE_BYTE = 0x0;
  int PIPE_WAIT = 0x0;
  int PIPE_REJECT_REMOTE_CLIENTS = 0x8;
  int PIPE_UNLIMITED_INSTANCES = 255;
  int SDDL_REVISION_1 = 1;

  int ERROR_ACCESS_DENIED = 5;
  int ERROR_BROKEN_PIPE = 109;
  int ERROR_PIPE_BUSY = 231;
  int ERROR_NO_DATA = 232;
  int ERROR_PIPE_NOT_CONNECTED = 233;
  int ERROR_PIPE_CONNECTED = 535;
  int ERROR_OPERATION_ABORTED = 995;
  int ERROR_IO_PENDING = 997;
  int ERROR_NOT_FOUND = 1168;

  /** {@code (HANDLE) -1}, what {@code CreateNamedPipeW} returns on failure. */
  Pointer INVALID_HANDLE_VALUE = Pointer.createConstant(-1L);

  /** The real calls, through JNA. Windows only. */
  static PipeApi load() {
    return new JnaPipeApi();
  }

  Pointer CreateNamedPipeW(WString name, int openMode, int pipeMode, int maxInstances, int outBufferSize,
      int inBufferSize, int defaultTimeOutMs, SecurityAttributes securityAttributes);

  boolean ConnectNamedPipe(Pointer namedPipe, Pointer overlapped);

  boolean DisconnectNamedPipe(Pointer namedPipe);

  boolean ReadFile(Pointer file, Pointer buffer, int numberOfBytesToRead, IntByReference numberOfBytesRead,
      Pointer overlapped);

  boolean WriteFile(Pointer file, Pointer buffer, int numberOfBytesToWrite, IntByReference numberOfBytesWritten,
      Pointer overlapped);

  boolean GetOverlappedResult(Pointer file, Pointer overlapped, IntByReference numberOfBytesTransferred, boolean wait);

  /** Cancels the I/O of {@code overlapped} on {@code file}, or all of it when null. */
  boolean CancelIoEx(Pointer file, Pointer overlapped);

  Pointer CreateEventW(SecurityAttributes eventAttributes, boolean manualReset, boolean initialState, WString name);

  boolean CloseHandle(Pointer object);

  /**
   * The calling thread's last error. The real one reads what JNA saved right after the
   * previous call on this thread: calling kernel32's own through JNA could see a code JNA
   * itself left.
   */
  int GetLastError();

  boolean ConvertStringSecurityDescriptorToSecurityDescriptorW(WString stringSecurityDescriptor, int revision,
      PointerByReference securityDescriptor, IntByReference securityDescriptorSize);

  /** Returns NULL on success. */
  Pointer LocalFree(Pointer mem);

  /** {@code SECURITY_ATTRIBUTES}: size, descriptor, inheritance. */
  @FieldOrder({"nLength", "lpSecurityDescriptor", "bInheritHandle"})
  final class SecurityAttributes extends Structure {
    public int nLength;
    public Pointer lpSecurityDescriptor;
    public boolean bInheritHandle;

    public SecurityAttributes(Pointer securityDescriptor) {
      this.lpSecurityDescriptor = securityDescriptor;
      this.nLength = size();
    }
  }
}

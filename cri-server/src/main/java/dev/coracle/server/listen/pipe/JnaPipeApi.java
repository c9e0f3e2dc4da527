package dev.coracle.server.listen.pipe;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/** {@link PipeApi} on kernel32.dll and advapi32.dll. */
final class JnaPipeApi implements PipeApi {

  interface Kernel32 extends StdCallLibrary {
    Pointer CreateNamedPipeW(WString name, int openMode, int pipeMode, int maxInstances, int outBufferSize,
        int inBufferSize, int defaultTimeOutMs, SecurityAttributes securityAttributes);

    boolean ConnectNamedPipe(Pointer namedPipe, Pointer overlapped);

    boolean DisconnectNamedPipe(Pointer namedPipe);

    boolean ReadFile(Pointer file, Pointer buffer, int numberOfBytesToRead, IntByReference numberOfBytesRead,
        Pointer overlapped);

    boolean WriteFile(Pointer file, Pointer buffer, int numberOfBytesToWrite, IntByReference numberOfBytesWritten,
        Pointer overlapped);

    boolean GetOverlappedResult(Pointer file, Pointer overlapped, IntByReference numberOfBytesTransferred,
        boolean wait);

    boolean CancelIoEx(Pointer file, Pointer overlapped);

    Pointer CreateEventW(SecurityAttributes eventAttributes, boolean manualReset, boolean initialState, WString name);

    boolean CloseHandle(Pointer object);

    Pointer LocalFree(Pointer mem);
  }

  interface Advapi32 extends StdCallLibrary {
    boolean ConvertStringSecurityDescriptorToSecurityDescriptorW(WString stringSecurityDescriptor, int revision,
        PointerByReference securityDescriptor, IntByReference securityDescriptorSize);
  }

  private final Kernel32 kernel32 = Native.load("kernel32", Kernel32.class);
  private final Advapi32 advapi32 = Native.load("advapi32", Advapi32.class);

  @Override
  public Pointer CreateNamedPipeW(WString name, int openMode, int pipeMode, int maxInstances, int outBufferSize,
      int inBufferSize, int defaultTimeOutMs, SecurityAttributes securityAttributes) {
    return kernel32.CreateNamedPipeW(name, openMode, pipeMode, maxInstances, outBufferSize, inBufferSize,
        defaultTimeOutMs, securityAttributes);
  }

  @Override
  public boolean ConnectNamedPipe(Pointer namedPipe, Pointer overlapped) {
    return kernel32.ConnectNamedPipe(namedPipe, overlapped);
  }

  @Override
  public boolean DisconnectNamedPipe(Pointer namedPipe) {
    return kernel32.DisconnectNamedPipe(namedPipe);
  }

  @Override
  public boolean ReadFile(Pointer file, Pointer buffer, int numberOfBytesToRead, IntByReference numberOfBytesRead,
      Pointer overlapped) {
    return kernel32.ReadFile(file, buffer, numberOfBytesToRead, numberOfBytesRead, overlapped);
  }

  @Override
  public boolean WriteFile(Pointer file, Pointer buffer, int numberOfBytesToWrite, IntByReference numberOfBytesWritten,
      Pointer overlapped) {
    return kernel32.WriteFile(file, buffer, numberOfBytesToWrite, numberOfBytesWritten, overlapped);
  }

  @Override
  public boolean GetOverlappedResult(Pointer file, Pointer overlapped, IntByReference numberOfBytesTransferred,
      boolean wait) {
    return kernel32.GetOverlappedResult(file, overlapped, numberOfBytesTransferred, wait);
  }

  @Override
  public boolean CancelIoEx(Pointer file, Pointer overlapped) {
    return kernel32.CancelIoEx(file, overlapped);
  }

  @Override
  public Pointer CreateEventW(SecurityAttributes eventAttributes, boolean manualReset, boolean initialState,
      WString name) {
    return kernel32.CreateEventW(eventAttributes, manualReset, initialState, name);
  }

  @Override
  public boolean CloseHandle(Pointer object) {
    return kernel32.CloseHandle(object);
  }

  @Override
  public int GetLastError() {
    return Native.getLastError();
  }

  @Override
  public boolean ConvertStringSecurityDescriptorToSecurityDescriptorW(WString stringSecurityDescriptor, int revision,
      PointerByReference securityDescriptor, IntByReference securityDescriptorSize) {
    return advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW(stringSecurityDescriptor, revision,
        securityDescriptor, securityDescriptorSize);
  }

  @Override
  public Pointer LocalFree(Pointer mem) {
    return kernel32.LocalFree(mem);
  }
}

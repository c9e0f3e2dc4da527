package dev.coracle.server.service;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The advapi32 calls a service program makes to the Service Control Manager, one to one with
 * their C prototypes. {@code DWORD} is {@code int}, {@code BOOL} is {@code boolean},
 * {@code SERVICE_STATUS_HANDLE} and {@code LPVOID} are {@link Pointer}s, {@code LPCWSTR} is
 * {@link WString}. A failed call returns {@code FALSE} or {@code NULL} and leaves its code for
 * {@link #GetLastError()}.
 *
 * <p>The SCM calls back on its own threads: {@link ServiceMainFunction} on a thread the
 * dispatcher starts, {@link HandlerEx} on the thread inside
 * {@link #StartServiceCtrlDispatcherW}. Whoever passes a callback keeps a strong reference to
 * it for as long as the SCM may call it: JNA frees the native stub of a collected callback
 * (WINDOWS.md §1.1).
 *
 * <p>Only {@link WindowsService} calls these; tests use a recording fake, {@link #load()} is
 * for Windows only.
 */
interface ServiceApi {

  int SERVICE_WIN32_OWN_PROCESS = 0x10;

  int SERVICE_STOPPED = 1;
  int SERVICE_START_PENDING = 2;
  int SERVICE_STOP_PENDING = 3;
  int SERVICE_RUNNING = 4;

  int SERVICE_ACCEPT_STOP = 0x1;
  int SERVICE_ACCEPT_SHUTDOWN = 0x4;

  int SERVICE_CONTROL_STOP = 1;
  int SERVICE_CONTROL_PAUSE = 2;
  int SERVICE_CONTROL_INTERROGATE = 4;
  int SERVICE_CONTROL_SHUTDOWN = 5;

  int NO_ERROR = 0;
  int ERROR_CALL_NOT_IMPLEMENTED = 120;
  /** {@code dwWin32ExitCode} saying the code is in {@code dwServiceSpecificExitCode}. */
  int ERROR_SERVICE_SPECIFIC_ERROR = 1066;
  /** What the dispatcher fails with in a program not started by the SCM (a console). */
  int ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;

  /** The real calls, through JNA. Windows only. */
  static ServiceApi load() {
    return new JnaServiceApi();
  }

  /**
   * Connects the main thread to the SCM and serves its controls until every service of the
   * process has reported {@link #SERVICE_STOPPED}. {@code serviceStartTable} is contiguous
   * ({@link Structure#toArray}) and ends with an entry of nulls.
   */
  boolean StartServiceCtrlDispatcherW(ServiceTableEntry[] serviceStartTable);

  /** Returns the handle {@link #SetServiceStatus} takes; never closed. */
  Pointer RegisterServiceCtrlHandlerExW(WString serviceName, HandlerEx handler, Pointer context);

  boolean SetServiceStatus(Pointer serviceStatus, ServiceStatus status);

  /** The calling thread's last error, as JNA saved it right after the previous call. */
  int GetLastError();

  /** {@code VOID WINAPI ServiceMain(DWORD dwNumServicesArgs, LPWSTR *lpServiceArgVectors)}. */
  interface ServiceMainFunction extends StdCallLibrary.StdCallCallback {
    void callback(int numServicesArgs, Pointer serviceArgVectors);
  }

  /** {@code DWORD WINAPI HandlerEx(DWORD dwControl, DWORD dwEventType, LPVOID lpEventData, LPVOID lpContext)}. */
  interface HandlerEx extends StdCallLibrary.StdCallCallback {
    int callback(int control, int eventType, Pointer eventData, Pointer context);
  }

  /** {@code SERVICE_TABLE_ENTRYW}: the service's name and its ServiceMain. */
  @FieldOrder({"lpServiceName", "lpServiceProc"})
  final class ServiceTableEntry extends Structure {
    public WString lpServiceName;
    public ServiceMainFunction lpServiceProc;
  }

  /** {@code SERVICE_STATUS}. */
  @FieldOrder({"dwServiceType", "dwCurrentState", "dwControlsAccepted", "dwWin32ExitCode",
      "dwServiceSpecificExitCode", "dwCheckPoint", "dwWaitHint"})
  final class ServiceStatus extends Structure {
    public int dwServiceType;
    public int dwCurrentState;
    public int dwControlsAccepted;
    public int dwWin32ExitCode;
    public int dwServiceSpecificExitCode;
    public int dwCheckPoint;
    public int dwWaitHint;
  }
}

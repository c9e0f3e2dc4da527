package dev.coracle.server.service;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.win32.StdCallLibrary;

/** {@link ServiceApi} on advapi32.dll. */
final class JnaServiceApi implements ServiceApi {

  interface Advapi32 extends StdCallLibrary {
    boolean StartServiceCtrlDispatcherW(ServiceTableEntry[] serviceStartTable);

    Pointer RegisterServiceCtrlHandlerExW(WString serviceName, HandlerEx handler, Pointer context);

    boolean SetServiceStatus(Pointer serviceStatus, ServiceStatus status);
  }

  private final Advapi32 advapi32 = Native.load("advapi32", Advapi32.class);

  @Override
  public boolean StartServiceCtrlDispatcherW(ServiceTableEntry[] serviceStartTable) {
    return advapi32.StartServiceCtrlDispatcherW(serviceStartTable);
  }

  @Override
  public Pointer RegisterServiceCtrlHandlerExW(WString serviceName, HandlerEx handler, Pointer context) {
    return advapi32.RegisterServiceCtrlHandlerExW(serviceName, handler, context);
  }

  @Override
  public boolean SetServiceStatus(Pointer serviceStatus, ServiceStatus status) {
    return advapi32.SetServiceStatus(serviceStatus, status);
  }

  @Override
  public int GetLastError() {
    return Native.getLastError();
  }
}

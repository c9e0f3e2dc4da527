package dev.coracle.server.service;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A recording Service Control Manager. Like the real dispatcher it calls ServiceMain on a thread
 * of its own and returns from {@link #StartServiceCtrlDispatcherW} once the service has reported
 * STOPPED and ServiceMain has returned; {@link #control} delivers a control to the registered
 * handler as the SCM would. It checks what the real one relies on: a table ending in nulls, the
 * handle it gave out, and controls only once the service accepts them.
 */
final class FakeServiceApi implements ServiceApi {

  /** One SetServiceStatus call. */
  record Status(int state, int controlsAccepted, int win32ExitCode, int serviceSpecificExitCode, int checkPoint,
      int waitHint) {}

  private static final Pointer HANDLE = Pointer.createConstant(0x5c);

  private final List<Status> statuses = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private HandlerEx handler;
  private String tableName;
  private int tableLength;
  private boolean tableTerminated;
  int dispatcherError = NO_ERROR;
  boolean registrationFails;
  private boolean stoppedExpected = true;
  private volatile int lastError;

  @Override
  public boolean StartServiceCtrlDispatcherW(ServiceTableEntry[] table) {
    if (dispatcherError != NO_ERROR) {
      lastError = dispatcherError;
      return false;
    }
    tableLength = table.length;
    tableName = table[0].lpServiceName.toString();
    ServiceTableEntry last = table[table.length - 1];
    tableTerminated = last.lpServiceName == null && last.lpServiceProc == null;
    ServiceMainFunction main = table[0].lpServiceProc;
    Thread serviceThread = Thread.ofPlatform().name("fake-service-main").start(() -> main.callback(1, null));
    try {
      serviceThread.join();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    synchronized (this) {
      if (stoppedExpected && (statuses.isEmpty() || statuses.getLast().state() != SERVICE_STOPPED)) {
        violations.add("ServiceMain returned without reporting STOPPED");
      }
    }
    return true;
  }

  @Override
  public synchronized Pointer RegisterServiceCtrlHandlerExW(WString serviceName, HandlerEx handler, Pointer context) {
    if (registrationFails) {
      lastError = 1060; // ERROR_SERVICE_DOES_NOT_EXIST
      return null;
    }
    this.handler = handler;
    return HANDLE;
  }

  @Override
  public synchronized boolean SetServiceStatus(Pointer serviceStatus, ServiceStatus status) {
    if (!HANDLE.equals(serviceStatus)) {
      violations.add("SetServiceStatus on a handle the SCM did not give out: " + serviceStatus);
    }
    if (status.dwServiceType != SERVICE_WIN32_OWN_PROCESS) {
      violations.add("service type " + status.dwServiceType);
    }
    if (!statuses.isEmpty() && statuses.getLast().state() == SERVICE_STOPPED) {
      violations.add("a status after STOPPED: " + status.dwCurrentState);
    }
    statuses.add(new Status(status.dwCurrentState, status.dwControlsAccepted, status.dwWin32ExitCode,
        status.dwServiceSpecificExitCode, status.dwCheckPoint, status.dwWaitHint));
    notifyAll();
    return true;
  }

  @Override
  public int GetLastError() {
    return lastError;
  }

  /** Sends a control as the SCM does: only one the service's last status accepts (INTERROGATE always). */
  int control(int control) {
    HandlerEx target;
    synchronized (this) {
      int accepted = statuses.isEmpty() ? 0 : statuses.getLast().controlsAccepted();
      int needed = switch (control) {
        case SERVICE_CONTROL_STOP -> SERVICE_ACCEPT_STOP;
        case SERVICE_CONTROL_SHUTDOWN -> SERVICE_ACCEPT_SHUTDOWN;
        default -> 0;
      };
      if ((accepted & needed) != needed) {
        throw new IllegalStateException("the service does not accept control " + control + " now");
      }
      target = handler;
    }
    return target.callback(control, 0, null, null);
  }

  /**
   * A service that could not register has no handle to report STOPPED with. The real dispatcher
   * would then wait on; this one returns, so the test can see what was (not) started.
   */
  synchronized void expectNoStopped() {
    stoppedExpected = false;
  }

  /** Calls the handler directly, as the SCM does with a control it sends whatever the last status said. */
  int handlerOnly(int control) {
    HandlerEx target;
    synchronized (this) {
      target = handler;
    }
    return target.callback(control, 0, null, null);
  }

  /** Waits until the service has reported {@code state}; fails rather than hang. */
  synchronized void awaitState(int state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (statuses.stream().noneMatch(s -> s.state() == state)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("the service never reported state " + state + "; reported " + statuses);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  synchronized List<Status> statuses() {
    return List.copyOf(statuses);
  }

  synchronized List<Integer> states() {
    return statuses.stream().map(Status::state).toList();
  }

  synchronized Status last() {
    return statuses.getLast();
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  String tableName() {
    return tableName;
  }

  int tableLength() {
    return tableLength;
  }

  boolean tableTerminated() {
    return tableTerminated;
  }
}

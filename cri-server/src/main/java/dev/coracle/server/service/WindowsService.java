package dev.coracle.server.service;

import static dev.coracle.server.service.ServiceApi.ERROR_CALL_NOT_IMPLEMENTED;
import static dev.coracle.server.service.ServiceApi.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT;
import static dev.coracle.server.service.ServiceApi.ERROR_SERVICE_SPECIFIC_ERROR;
import static dev.coracle.server.service.ServiceApi.NO_ERROR;
import static dev.coracle.server.service.ServiceApi.SERVICE_ACCEPT_SHUTDOWN;
import static dev.coracle.server.service.ServiceApi.SERVICE_ACCEPT_STOP;
import static dev.coracle.server.service.ServiceApi.SERVICE_CONTROL_INTERROGATE;
import static dev.coracle.server.service.ServiceApi.SERVICE_CONTROL_SHUTDOWN;
import static dev.coracle.server.service.ServiceApi.SERVICE_CONTROL_STOP;
import static dev.coracle.server.service.ServiceApi.SERVICE_RUNNING;
import static dev.coracle.server.service.ServiceApi.SERVICE_START_PENDING;
import static dev.coracle.server.service.ServiceApi.SERVICE_STOPPED;
import static dev.coracle.server.service.ServiceApi.SERVICE_STOP_PENDING;
import static dev.coracle.server.service.ServiceApi.SERVICE_WIN32_OWN_PROCESS;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon as a Windows service: the main thread hands itself to the Service Control
 * Manager's dispatcher, which calls {@code ServiceMain} on a thread of its own; that thread
 * registers the control handler, reports {@code START_PENDING}, starts the daemon and reports
 * {@code RUNNING} (accepting STOP and SHUTDOWN). STOP or SHUTDOWN reports {@code STOP_PENDING}
 * with a wait hint that covers the daemon's orderly close, and wakes {@code ServiceMain}, which
 * closes the daemon (as SIGTERM does on Linux) and reports {@code STOPPED}; the dispatcher then
 * returns on the main thread. A daemon that fails to start is reported {@code STOPPED} at once,
 * with {@code ERROR_SERVICE_SPECIFIC_ERROR} and the command's exit code.
 *
 * <pre>
 *   START_PENDING --daemon started--> RUNNING --STOP/SHUTDOWN--> STOP_PENDING --closed--> STOPPED
 *        \--daemon failed (service-specific exit code)------------------------------------^
 * </pre>
 *
 * <p>The handler runs on the dispatcher's thread and must return at once, so it never closes
 * the daemon itself. The callbacks and the service table are fields and stay reachable while
 * the SCM can call them (WINDOWS.md §1.1).
 */
public final class WindowsService {

  /**
   * The name in the service table and the handler's registration. A service of its own process
   * is not checked against it (MS docs, SERVICE_TABLE_ENTRYW and RegisterServiceCtrlHandlerExW),
   * so it may be installed under any name.
   */
  static final String NAME = "coracle";
  /** How long starting may take before the SCM reports the service as not responding. */
  static final int START_WAIT_HINT_MS = 60_000;

  /** The {@code coracle} command's exit codes this class gives itself. */
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  private static final Logger log = LoggerFactory.getLogger(WindowsService.class);

  private final ServiceApi api;
  private final ServiceDaemon.Starter starter;
  private final int stopWaitHintMs;
  private final ServiceApi.ServiceMainFunction serviceMain = this::serviceMain;
  private final ServiceApi.HandlerEx handler = this::control;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private ServiceApi.ServiceTableEntry[] table;
  private Pointer statusHandle;
  private boolean stopping;
  private int checkPoint;
  private volatile int exitCode = EXIT_OK;

  WindowsService(ServiceApi api, ServiceDaemon.Starter starter, Duration stopWaitHint) {
    this.api = api;
    this.starter = starter;
    this.stopWaitHintMs = Math.toIntExact(stopWaitHint.toMillis());
  }

  /**
   * Runs the daemon under the Service Control Manager through advapi32; returns once the
   * service has stopped, with the exit code reported. Windows only.
   *
   * @param stopWaitHint how long the orderly close may take (the SCM waits that long for news)
   * @throws ServiceFailure if this program was not started by the SCM, or the dispatcher failed
   */
  public static int run(ServiceDaemon.Starter starter, Duration stopWaitHint) {
    return new WindowsService(ServiceApi.load(), starter, stopWaitHint).run();
  }

  /** Serves the SCM on this thread, which must be the program's main thread. */
  int run() {
    table = (ServiceApi.ServiceTableEntry[]) new ServiceApi.ServiceTableEntry().toArray(2);
    table[0].lpServiceName = new WString(NAME);
    table[0].lpServiceProc = serviceMain;
    // table[1] stays all nulls: the end of the table.
    boolean served = api.StartServiceCtrlDispatcherW(table);
    int error = served ? NO_ERROR : api.GetLastError();
    Reference.reachabilityFence(this);
    if (error == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
      throw new ServiceFailure(EXIT_USAGE, "\"coracle service\" is what the Service Control Manager runs"
          + " (sc.exe start coracle); in a console, run \"coracle serve\"", null);
    }
    if (!served) {
      throw new ServiceFailure(EXIT_FAILED, "cannot connect to the Service Control Manager: Windows error " + error, null);
    }
    return exitCode;
  }

  /** The service's own thread, started by the dispatcher. */
  private void serviceMain(int numServicesArgs, Pointer serviceArgVectors) {
    try {
      Pointer handle = api.RegisterServiceCtrlHandlerExW(new WString(NAME), handler, null);
      if (handle == null) {
        log.error("cannot register with the Service Control Manager: Windows error {}", api.GetLastError());
        exitCode = EXIT_FAILED;
        return;
      }
      synchronized (this) {
        statusHandle = handle;
      }
      report(SERVICE_START_PENDING, 0, EXIT_OK, START_WAIT_HINT_MS);
      ServiceDaemon daemon = start();
      if (daemon == null) {
        return;
      }
      reportRunning();
      awaitStop();
      int code = EXIT_OK;
      try {
        daemon.close();
      } catch (RuntimeException e) {
        log.error("the daemon did not close cleanly: {}", e.getMessage(), e);
        code = EXIT_FAILED;
      }
      stopped(code);
    } catch (RuntimeException | Error e) {
      // Nothing may escape into the SCM's thread; the SCM must still hear that the service ended.
      log.error("service thread failed: {}", e.getMessage(), e);
      stopped(EXIT_FAILED);
    }
  }

  /** The started daemon, or null once a failure has been reported STOPPED. */
  private ServiceDaemon start() {
    try {
      return starter.start();
    } catch (ServiceFailure e) {
      stopped(e.exitCode());
    } catch (RuntimeException e) {
      log.error("cannot start: {}", e.getMessage(), e);
      stopped(EXIT_FAILED);
    }
    return null;
  }

  /** The handler, on the dispatcher's thread: it only reports and signals. */
  private int control(int control, int eventType, Pointer eventData, Pointer context) {
    try {
      return switch (control) {
        case SERVICE_CONTROL_STOP, SERVICE_CONTROL_SHUTDOWN -> {
          requestStop();
          yield NO_ERROR;
        }
        // The SCM knows the current state: the handler only answers (MS docs, HandlerEx).
        case SERVICE_CONTROL_INTERROGATE -> NO_ERROR;
        default -> ERROR_CALL_NOT_IMPLEMENTED;
      };
    } catch (RuntimeException | Error e) {
      log.error("service control {} failed: {}", control, e.getMessage(), e);
      return NO_ERROR;
    }
  }

  private synchronized void requestStop() {
    if (stopping) {
      return;
    }
    stopping = true;
    report(SERVICE_STOP_PENDING, 0, EXIT_OK, stopWaitHintMs);
    stopRequested.countDown();
  }

  /** RUNNING, unless a stop came first: the SCM must never see RUNNING after STOP_PENDING. */
  private synchronized void reportRunning() {
    if (!stopping) {
      report(SERVICE_RUNNING, SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN, EXIT_OK, 0);
    }
  }

  private void awaitStop() {
    boolean interrupted = false;
    while (true) {
      try {
        stopRequested.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last report: after it the SCM may end the process at any time. */
  private synchronized void stopped(int code) {
    exitCode = code;
    stopping = true;
    if (statusHandle != null) {
      report(SERVICE_STOPPED, 0, code, 0);
    }
  }

  private synchronized void report(int state, int controlsAccepted, int code, int waitHintMs) {
    ServiceApi.ServiceStatus status = new ServiceApi.ServiceStatus();
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    status.dwControlsAccepted = controlsAccepted;
    status.dwWin32ExitCode = code == EXIT_OK ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
    status.dwServiceSpecificExitCode = code;
    // The SCM watches a pending state's check point grow; a settled state has none.
    boolean pending = state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING;
    checkPoint = pending ? checkPoint + 1 : 0;
    status.dwCheckPoint = checkPoint;
    status.dwWaitHint = waitHintMs;
    if (!api.SetServiceStatus(statusHandle, status)) {
      log.warn("cannot report service state {}: Windows error {}", state, api.GetLastError());
    }
  }
}

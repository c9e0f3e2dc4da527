package dev.coracle.server.service;

import static dev.coracle.server.service.ServiceApi.ERROR_CALL_NOT_IMPLEMENTED;
import static dev.coracle.server.service.ServiceApi.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT;
import static dev.coracle.server.service.ServiceApi.ERROR_SERVICE_SPECIFIC_ERROR;
import static dev.coracle.server.service.ServiceApi.NO_ERROR;
import static dev.coracle.server.service.ServiceApi.SERVICE_ACCEPT_SHUTDOWN;
import static dev.coracle.server.service.ServiceApi.SERVICE_ACCEPT_STOP;
import static dev.coracle.server.service.ServiceApi.SERVICE_CONTROL_INTERROGATE;
import static dev.coracle.server.service.ServiceApi.SERVICE_CONTROL_PAUSE;
import static dev.coracle.server.service.ServiceApi.SERVICE_CONTROL_SHUTDOWN;
import static dev.coracle.server.service.ServiceApi.SERVICE_CONTROL_STOP;
import static dev.coracle.server.service.ServiceApi.SERVICE_RUNNING;
import static dev.coracle.server.service.ServiceApi.SERVICE_START_PENDING;
import static dev.coracle.server.service.ServiceApi.SERVICE_STOPPED;
import static dev.coracle.server.service.ServiceApi.SERVICE_STOP_PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SCM handshake against a recording SCM: the states, the controls, and one close per daemon. */
class WindowsServiceTest {

  private static final Duration STOP_HINT = Duration.ofSeconds(20);

  private final FakeServiceApi scm = new FakeServiceApi();
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();

  private final ServiceDaemon.Starter daemon = () -> {
    starts.incrementAndGet();
    return closes::incrementAndGet;
  };

  @AfterEach
  void noViolations() {
    assertEquals(List.of(), scm.violations());
  }

  /** Runs the service on its own "main" thread, as the program's main thread would. */
  private CompletableFuture<Integer> start(ServiceDaemon.Starter starter) {
    WindowsService service = new WindowsService(scm, starter, STOP_HINT);
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread.ofPlatform().name("fake-main").start(() -> {
      try {
        exit.complete(service.run());
      } catch (Throwable t) {
        exit.completeExceptionally(t);
      }
    });
    return exit;
  }

  private static int exitOf(CompletableFuture<Integer> exit) throws Exception {
    return exit.get(30, TimeUnit.SECONDS);
  }

  @Test
  void run_start_reportsStartPendingThenRunningAcceptingStopAndShutdown() throws Exception {
    CompletableFuture<Integer> exit = start(daemon);
    scm.awaitState(SERVICE_RUNNING);

    assertEquals(List.of(SERVICE_START_PENDING, SERVICE_RUNNING), scm.states());
    FakeServiceApi.Status pending = scm.statuses().get(0);
    assertEquals(0, pending.controlsAccepted(), "no control while starting");
    assertEquals(1, pending.checkPoint());
    assertEquals(WindowsService.START_WAIT_HINT_MS, pending.waitHint());
    FakeServiceApi.Status running = scm.statuses().get(1);
    assertEquals(SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN, running.controlsAccepted());
    assertEquals(0, running.checkPoint());
    assertEquals(NO_ERROR, running.win32ExitCode());
    assertEquals(1, starts.get());
    assertEquals(0, closes.get());
    assertEquals(WindowsService.NAME, scm.tableName());
    assertEquals(2, scm.tableLength());
    assertTrue(scm.tableTerminated(), "the service table ends with an entry of nulls");

    assertEquals(NO_ERROR, scm.control(SERVICE_CONTROL_STOP));
    assertEquals(0, exitOf(exit));
  }

  @Test
  void control_stop_reportsStopPendingWithTheWaitHint_closesTheDaemon_thenStopped() throws Exception {
    CompletableFuture<Integer> exit = start(daemon);
    scm.awaitState(SERVICE_RUNNING);

    assertEquals(NO_ERROR, scm.control(SERVICE_CONTROL_STOP));

    assertEquals(0, exitOf(exit), "the dispatcher returns once STOPPED is reported");
    assertEquals(List.of(SERVICE_START_PENDING, SERVICE_RUNNING, SERVICE_STOP_PENDING, SERVICE_STOPPED), scm.states());
    FakeServiceApi.Status stopPending = scm.statuses().get(2);
    assertEquals(0, stopPending.controlsAccepted(), "nothing more is accepted while stopping");
    assertEquals(STOP_HINT.toMillis(), stopPending.waitHint());
    assertTrue(stopPending.checkPoint() > 0);
    FakeServiceApi.Status stopped = scm.last();
    assertEquals(NO_ERROR, stopped.win32ExitCode());
    assertEquals(0, stopped.serviceSpecificExitCode());
    assertEquals(0, stopped.checkPoint());
    assertEquals(1, closes.get());
  }

  @Test
  void control_shutdown_stopsLikeStop() throws Exception {
    CompletableFuture<Integer> exit = start(daemon);
    scm.awaitState(SERVICE_RUNNING);

    assertEquals(NO_ERROR, scm.control(SERVICE_CONTROL_SHUTDOWN));

    assertEquals(0, exitOf(exit));
    assertEquals(List.of(SERVICE_START_PENDING, SERVICE_RUNNING, SERVICE_STOP_PENDING, SERVICE_STOPPED), scm.states());
    assertEquals(1, closes.get());
  }

  @Test
  void control_stopThenShutdown_closesTheDaemonExactlyOnce() throws Exception {
    // The second control arrives while the first close runs; the daemon stays in close until then.
    CompletableFuture<Void> secondSent = new CompletableFuture<>();
    CompletableFuture<Integer> exit = start(() -> () -> {
      secondSent.join();
      closes.incrementAndGet();
    });
    scm.awaitState(SERVICE_RUNNING);

    assertEquals(NO_ERROR, scm.control(SERVICE_CONTROL_STOP));
    assertEquals(NO_ERROR, scm.control(SERVICE_CONTROL_INTERROGATE));
    // The SCM has seen STOP_PENDING, which accepts nothing; a late SHUTDOWN goes straight to the handler.
    assertEquals(NO_ERROR, scm.handlerOnly(SERVICE_CONTROL_SHUTDOWN));
    secondSent.complete(null);

    assertEquals(0, exitOf(exit));
    assertEquals(1, closes.get());
    assertEquals(1, scm.states().stream().filter(s -> s == SERVICE_STOP_PENDING).count(), "one STOP_PENDING");
    assertEquals(SERVICE_STOPPED, scm.last().state());
  }

  @Test
  void control_interrogate_answersNoErrorAndReportsNothing() throws Exception {
    CompletableFuture<Integer> exit = start(daemon);
    scm.awaitState(SERVICE_RUNNING);
    List<FakeServiceApi.Status> before = scm.statuses();

    assertEquals(NO_ERROR, scm.control(SERVICE_CONTROL_INTERROGATE));

    assertEquals(before, scm.statuses(), "the SCM knows the state already");
    assertEquals(0, closes.get());
    scm.control(SERVICE_CONTROL_STOP);
    assertEquals(0, exitOf(exit));
  }

  @Test
  void control_notAccepted_isCallNotImplemented() throws Exception {
    CompletableFuture<Integer> exit = start(daemon);
    scm.awaitState(SERVICE_RUNNING);

    assertEquals(ERROR_CALL_NOT_IMPLEMENTED, scm.handlerOnly(SERVICE_CONTROL_PAUSE));

    assertEquals(List.of(SERVICE_START_PENDING, SERVICE_RUNNING), scm.states());
    scm.control(SERVICE_CONTROL_STOP);
    assertEquals(0, exitOf(exit));
  }

  @Test
  void run_daemonFailsToStart_reportsStoppedWithTheServiceSpecificExitCode() throws Exception {
    CompletableFuture<Integer> exit = start(() -> {
      throw new ServiceFailure(3, "the pipe \\\\.\\pipe\\coracle is served by another process", null);
    });

    assertEquals(3, exitOf(exit));
    assertEquals(List.of(SERVICE_START_PENDING, SERVICE_STOPPED), scm.states(), "never RUNNING");
    FakeServiceApi.Status stopped = scm.last();
    assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, stopped.win32ExitCode());
    assertEquals(3, stopped.serviceSpecificExitCode());
    assertEquals(0, stopped.waitHint());
  }

  @Test
  void run_daemonThrowsUnexpectedly_reportsStoppedWithExitCodeOne() throws Exception {
    CompletableFuture<Integer> exit = start(() -> {
      throw new IllegalStateException("root_dir is not writable");
    });

    assertEquals(WindowsService.EXIT_FAILED, exitOf(exit));
    assertEquals(List.of(SERVICE_START_PENDING, SERVICE_STOPPED), scm.states());
    assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, scm.last().win32ExitCode());
    assertEquals(WindowsService.EXIT_FAILED, scm.last().serviceSpecificExitCode());
  }

  @Test
  void run_daemonFailsToClose_stillReportsStopped_withExitCodeOne() throws Exception {
    CompletableFuture<Integer> exit = start(() -> () -> {
      closes.incrementAndGet();
      throw new IllegalStateException("the pipe would not close");
    });
    scm.awaitState(SERVICE_RUNNING);

    scm.control(SERVICE_CONTROL_STOP);

    assertEquals(WindowsService.EXIT_FAILED, exitOf(exit));
    assertEquals(SERVICE_STOPPED, scm.last().state());
    assertEquals(WindowsService.EXIT_FAILED, scm.last().serviceSpecificExitCode());
    assertEquals(1, closes.get());
  }

  @Test
  void run_notStartedByTheScm_isRefusedWithUsageAndStartsNothing() {
    scm.dispatcherError = ERROR_FAILED_SERVICE_CONTROLLER_CONNECT;

    ServiceFailure e = assertThrows(ServiceFailure.class, () -> new WindowsService(scm, daemon, STOP_HINT).run());

    assertEquals(WindowsService.EXIT_USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("coracle serve"), e.getMessage());
    assertEquals(0, starts.get());
    assertEquals(List.of(), scm.statuses());
  }

  @Test
  void run_dispatcherFailsOtherwise_namesTheError() {
    scm.dispatcherError = 87; // ERROR_INVALID_PARAMETER

    ServiceFailure e = assertThrows(ServiceFailure.class, () -> new WindowsService(scm, daemon, STOP_HINT).run());

    assertEquals(WindowsService.EXIT_FAILED, e.exitCode());
    assertTrue(e.getMessage().contains("Windows error 87"), e.getMessage());
  }

  @Test
  void run_handlerCannotBeRegistered_startsNoDaemon() throws Exception {
    scm.registrationFails = true;
    scm.expectNoStopped();

    assertEquals(WindowsService.EXIT_FAILED, exitOf(start(daemon)));

    assertEquals(0, starts.get());
    assertFalse(scm.states().contains(SERVICE_RUNNING));
  }
}

package dev.coracle.hcs.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.hcs.nativeapi.ComputeCore;
import dev.coracle.hcs.nativeapi.DriverInfo;
import dev.coracle.hcs.nativeapi.Guid;
import dev.coracle.hcs.nativeapi.HcsEvent;
import dev.coracle.hcs.nativeapi.Natives;
import dev.coracle.hcs.nativeapi.OsVersionInfoEx;
import dev.coracle.hcs.nativeapi.WcLayerDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake's own checks: each misuse a wrapper could commit shows up as a violation or an open handle. */
class FakeWindowsTest {

  private static final String CONTAINER = "{\"Owner\":\"coracle\",\"SchemaVersion\":{\"Major\":2,\"Minor\":1},\"Container\":{}}";

  private final FakeWindows windows = new FakeWindows();
  private final Natives natives = windows.natives();
  private final ComputeCore core = natives.computeCore();

  @TempDir
  Path root;

  @AfterEach
  void nothingLeftBehind() {
    windows.assertNoOpenHandles();
    windows.assertNoViolations();
  }

  @Test
  void closingAnOperationTwice_isAViolation() {
    Pointer op = core.HcsCreateOperation(null, null);
    core.HcsCloseOperation(op);
    core.HcsCloseOperation(op);

    assertViolation("closed OPERATION handle");
  }

  @Test
  void anOpenHandle_failsTheHandleCheck() {
    Pointer op = core.HcsCreateOperation(null, null);

    AssertionError e = assertThrows(AssertionError.class, windows::assertNoOpenHandles);

    assertTrue(e.getMessage().contains("OPERATION handle"), e.getMessage());
    core.HcsCloseOperation(op);
  }

  @Test
  void aHandleOfTheWrongKind_isAViolation() {
    Pointer op = core.HcsCreateOperation(null, null);
    core.HcsCloseComputeSystem(op);
    core.HcsCloseOperation(op);

    assertViolation("a OPERATION handle where a SYSTEM handle belongs");
  }

  @Test
  void reusingAnOperation_isAViolation() {
    PointerByReference first = new PointerByReference();
    PointerByReference second = new PointerByReference();
    Pointer op = core.HcsCreateOperation(null, null);
    core.HcsCreateComputeSystem(new WString("a"), new WString(CONTAINER), op, null, first);
    core.HcsCreateComputeSystem(new WString("b"), new WString(CONTAINER), op, null, second);
    core.HcsCloseOperation(op);
    core.HcsCloseComputeSystem(first.getValue());
    core.HcsCloseComputeSystem(second.getValue());

    assertViolation("already used by another call");
  }

  @Test
  void aStringNeverFreed_isAViolation() {
    PointerByReference result = new PointerByReference();
    core.HcsGetServiceProperties(new WString("{\"PropertyTypes\":[\"Basic\"]}"), result);

    assertViolation("HcsGetServiceProperties was never freed (LocalFree)");
    natives.kernel32().LocalFree(result.getValue());
  }

  @Test
  void aStringFreedWithTheWrongFunction_isAViolation() {
    PointerByReference ids = new PointerByReference();
    PointerByReference error = new PointerByReference();
    natives.computeNetwork().HcnEnumerateNamespaces(null, ids, error);
    natives.kernel32().LocalFree(ids.getValue());

    assertViolation("instead of CoTaskMemFree");
  }

  @Test
  void aStringFreedTwice_isAViolation() {
    PointerByReference result = new PointerByReference();
    core.HcsGetServiceProperties(null, result);
    natives.kernel32().LocalFree(result.getValue());
    natives.kernel32().LocalFree(result.getValue());

    assertViolation("freed it twice");
  }

  @Test
  void aCallbackCollectedWhileRegistered_isAViolation() throws Exception {
    PointerByReference system = new PointerByReference();
    Pointer op = core.HcsCreateOperation(null, null);
    core.HcsCreateComputeSystem(new WString("gc"), new WString(CONTAINER), op, null, system);
    core.HcsWaitForOperationResult(op, -1, null);
    core.HcsCloseOperation(op);
    // A fresh object that nothing else references; a non-capturing lambda would be a singleton.
    core.HcsSetComputeSystemCallback(system.getValue(), 0, null, new ComputeCore.EventCallback() {
      @Override
      public void callback(HcsEvent event, Pointer context) {
      }
    });
    for (int i = 0; i < 5; i++) {
      System.gc();
    }

    Pointer terminate = core.HcsCreateOperation(null, null);
    core.HcsTerminateComputeSystem(system.getValue(), terminate, null);
    core.HcsCloseOperation(terminate);

    assertViolationEventually("garbage-collected while registered");
    core.HcsCloseComputeSystem(system.getValue());
  }

  @Test
  void closingAHandleUnderARunningCall_isAViolation() throws Exception {
    PointerByReference system = new PointerByReference();
    Pointer op = core.HcsCreateOperation(null, null);
    core.HcsCreateComputeSystem(new WString("busy"), new WString(CONTAINER), op, null, system);
    core.HcsCloseOperation(op);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch waiting = new CountDownLatch(1);
      Future<Integer> wait = pool.submit(() -> {
        waiting.countDown();
        return core.HcsWaitForComputeSystemExit(system.getValue(), -1, new PointerByReference());
      });
      waiting.await();
      while (windows.calls("HcsWaitForComputeSystemExit").isEmpty()) {
        Thread.onSpinWait();
      }
      Thread.sleep(50);
      core.HcsCloseComputeSystem(system.getValue());
      wait.cancel(true);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    assertViolation("while a call was using it");
  }

  @Test
  void prepareLayerUnserialised_isAViolation() throws Exception {
    DriverInfo info = DriverInfo.absolutePaths();
    List<Path> dirs = List.of(Files.createDirectories(root.resolve("a")), Files.createDirectories(root.resolve("b")));
    VmComputeCalls.activate(natives, info, dirs);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      for (int round = 0; round < 20 && windows.violations().isEmpty(); round++) {
        List<Future<Integer>> calls = dirs.stream().map(dir -> pool.submit(() -> {
          start.await();
          return natives.vmCompute().PrepareLayer(info, new WString(dir.toString()), null, 0);
        })).toList();
        start.countDown();
        for (Future<Integer> call : calls) {
          call.get();
        }
      }
    } finally {
      pool.shutdown();
    }
    for (Path dir : dirs) {
      natives.vmCompute().UnprepareLayer(info, new WString(dir.toString()));
      natives.vmCompute().DeactivateLayer(info, new WString(dir.toString()));
    }

    assertViolation("while another PrepareLayer was running");
  }

  @Test
  void aDescriptorWithTheWrongLayerId_isAViolation() throws Exception {
    Path dir = Files.createDirectories(root.resolve("scratch"));
    Path parent = Files.createDirectories(root.resolve("base"));
    WcLayerDescriptor[] descriptors = (WcLayerDescriptor[]) new WcLayerDescriptor().toArray(1);
    descriptors[0].LayerId = Guid.parse("11111111-2222-3333-4444-555555555555");
    descriptors[0].Path = new WString(parent.toString());

    natives.vmCompute().CreateSandboxLayer(DriverInfo.absolutePaths(), new WString(dir.toString()), null, descriptors, 1);

    assertViolation("not NameToGuid(\"base\")");
  }

  @Test
  void rtlGetVersion_reportsTheHostBuild() {
    windows.hostBuild(26100);
    OsVersionInfoEx info = OsVersionInfoEx.forCall();

    assertEquals(0, natives.ntdll().RtlGetVersion(info));

    assertEquals(10, info.dwMajorVersion);
    assertEquals(26100, info.dwBuildNumber);
  }

  private void assertViolation(String fragment) {
    List<String> violations = windows.violations();
    assertTrue(violations.stream().anyMatch(v -> v.contains(fragment)), "expected \"" + fragment + "\" in " + violations);
    windows.clear();
  }

  private void assertViolationEventually(String fragment) throws InterruptedException {
    for (int i = 0; i < 200 && windows.violations().stream().noneMatch(v -> v.contains(fragment)); i++) {
      Thread.sleep(10);
    }
    assertViolation(fragment);
  }

  /** Activation, which every PrepareLayer needs first. */
  private static final class VmComputeCalls {
    static void activate(Natives natives, DriverInfo info, List<Path> dirs) {
      for (Path dir : dirs) {
        natives.vmCompute().ActivateLayer(info, new WString(dir.toString()));
      }
    }
  }
}

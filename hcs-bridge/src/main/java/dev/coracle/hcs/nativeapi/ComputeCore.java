package dev.coracle.hcs.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * {@code computecore.dll}, the HCS v2 API (WINDOWS.md §1.2), one method per export in the
 * documented parameter order. Every {@code int} result is an HRESULT ({@code < 0} = failure);
 * handles are opaque {@link Pointer}s; {@code PWSTR*} results are {@link PointerByReference}s
 * whose value the caller frees with {@code LocalFree} (§1.1). Optional arguments take
 * {@code null}. {@code HcsWaitForProcessExit} and {@code HcsWaitForComputeSystemExit} exist
 * from Server 2022 (20348) only.
 */
public interface ComputeCore extends StdCallLibrary {

  /** {@code GENERIC_ALL}, the access {@code HcsOpenComputeSystem}/{@code HcsOpenProcess} ask for. */
  int GENERIC_ALL = 0x10000000;
  /** {@code INFINITE} as a {@code DWORD} timeout. */
  int INFINITE = 0xFFFFFFFF;
  /** {@code HCS_EVENT_OPTIONS}: no per-operation callbacks. */
  int EVENT_OPTIONS_NONE = 0;
  /** {@code HCS_EVENT_OPTIONS}: operations on the handle report through its callback. */
  int EVENT_OPTIONS_ENABLE_OPERATION_CALLBACKS = 1;

  /** {@code void CALLBACK HCS_OPERATION_COMPLETION(HCS_OPERATION, void* context)}. */
  interface OperationCompletion extends StdCallCallback {
    void callback(Pointer operation, Pointer context);
  }

  /**
   * {@code void CALLBACK HCS_EVENT_CALLBACK(HCS_EVENT* event, void* context)}. Runs on an HCS
   * thread-pool thread: keep a strong reference for as long as it is registered, and never
   * block in it (§1.1).
   */
  interface EventCallback extends StdCallCallback {
    void callback(HcsEvent event, Pointer context);
  }

  /** Returns the new operation, or NULL on failure. */
  Pointer HcsCreateOperation(Pointer context, OperationCompletion callback);

  void HcsCloseOperation(Pointer operation);

  int HcsWaitForOperationResult(Pointer operation, int timeoutMs, PointerByReference resultDocument);

  int HcsGetOperationResult(Pointer operation, PointerByReference resultDocument);

  int HcsWaitForOperationResultAndProcessInfo(Pointer operation, int timeoutMs, HcsProcessInformation processInformation,
      PointerByReference resultDocument);

  int HcsGetOperationResultAndProcessInfo(Pointer operation, HcsProcessInformation processInformation,
      PointerByReference resultDocument);

  int HcsSetOperationCallback(Pointer operation, Pointer context, OperationCompletion callback);

  /** Documented as not implemented: expect {@code E_NOTIMPL}. */
  int HcsCancelOperation(Pointer operation);

  int HcsEnumerateComputeSystems(WString query, Pointer operation);

  int HcsCreateComputeSystem(WString id, WString configuration, Pointer operation, Pointer securityDescriptor,
      PointerByReference computeSystem);

  int HcsOpenComputeSystem(WString id, int requestedAccess, PointerByReference computeSystem);

  /** Also unregisters the system's callback; no final event follows. */
  void HcsCloseComputeSystem(Pointer computeSystem);

  int HcsStartComputeSystem(Pointer computeSystem, Pointer operation, WString options);

  int HcsShutDownComputeSystem(Pointer computeSystem, Pointer operation, WString options);

  int HcsTerminateComputeSystem(Pointer computeSystem, Pointer operation, WString options);

  int HcsGetComputeSystemProperties(Pointer computeSystem, Pointer operation, WString propertyQuery);

  int HcsModifyComputeSystem(Pointer computeSystem, Pointer operation, WString configuration, Pointer identity);

  int HcsSetComputeSystemCallback(Pointer computeSystem, int callbackOptions, Pointer context, EventCallback callback);

  int HcsWaitForComputeSystemExit(Pointer computeSystem, int timeoutMs, PointerByReference result);

  int HcsCreateProcess(Pointer computeSystem, WString processParameters, Pointer operation, Pointer securityDescriptor,
      PointerByReference process);

  int HcsOpenProcess(Pointer computeSystem, int processId, int requestedAccess, PointerByReference process);

  /** Also unregisters the process's callback; no final event follows. */
  void HcsCloseProcess(Pointer process);

  int HcsSignalProcess(Pointer process, Pointer operation, WString options);

  int HcsTerminateProcess(Pointer process, Pointer operation, WString options);

  int HcsGetProcessInfo(Pointer process, Pointer operation);

  int HcsGetProcessProperties(Pointer process, Pointer operation, WString propertyQuery);

  int HcsModifyProcess(Pointer process, Pointer operation, WString settings);

  int HcsSetProcessCallback(Pointer process, int callbackOptions, Pointer context, EventCallback callback);

  int HcsWaitForProcessExit(Pointer process, int timeoutMs, PointerByReference result);

  int HcsGetServiceProperties(WString propertyQuery, PointerByReference result);

  int HcsModifyServiceSettings(WString settings, PointerByReference result);

  int HcsGrantVmAccess(WString vmId, WString filePath);

  int HcsRevokeVmAccess(WString vmId, WString filePath);

  int HcsGrantVmGroupAccess(WString filePath);
}

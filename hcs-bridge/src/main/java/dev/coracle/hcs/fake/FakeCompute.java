package dev.coracle.hcs.fake;

import static dev.coracle.hcs.compute.HResult.E_ACCESSDENIED;
import static dev.coracle.hcs.compute.HResult.E_HANDLE;
import static dev.coracle.hcs.compute.HResult.E_INVALIDARG;
import static dev.coracle.hcs.compute.HResult.E_NOTIMPL;
import static dev.coracle.hcs.compute.HResult.ERROR_NOT_FOUND;
import static dev.coracle.hcs.compute.HResult.HCS_E_IMAGE_MISMATCH;
import static dev.coracle.hcs.compute.HResult.HCS_E_INVALID_JSON;
import static dev.coracle.hcs.compute.HResult.HCS_E_INVALID_STATE;
import static dev.coracle.hcs.compute.HResult.HCS_E_OPERATION_ALREADY_STARTED;
import static dev.coracle.hcs.compute.HResult.HCS_E_OPERATION_NOT_STARTED;
import static dev.coracle.hcs.compute.HResult.HCS_E_OPERATION_PENDING;
import static dev.coracle.hcs.compute.HResult.HCS_E_OPERATION_TIMEOUT;
import static dev.coracle.hcs.compute.HResult.HCS_E_SYSTEM_ALREADY_EXISTS;
import static dev.coracle.hcs.compute.HResult.HCS_E_SYSTEM_ALREADY_STOPPED;
import static dev.coracle.hcs.compute.HResult.HCS_E_SYSTEM_NOT_FOUND;
import static dev.coracle.hcs.compute.HResult.HCS_E_TERMINATED;
import static dev.coracle.hcs.compute.HResult.S_OK;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.hcs.fake.Ledger.Kind;
import dev.coracle.hcs.fake.Ledger.Recorded;
import dev.coracle.hcs.nativeapi.ComputeCore;
import dev.coracle.hcs.nativeapi.HcsEvent;
import dev.coracle.hcs.nativeapi.HcsProcessInformation;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The fake {@code computecore.dll}: compute systems by ID, their processes, operations and
 * events (WINDOWS.md §1.2, §1.3), the service's properties and settings.
 */
final class FakeCompute implements ComputeCore {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final Set<String> SIGNALS = Set.of("CtrlC", "CtrlBreak", "CtrlClose", "CtrlLogOff", "CtrlShutdown");

  /** What an operation completed with. */
  record Result(int hresult, String document, int pid, long stdin, long stdout, long stderr) {
    static Result of(int hresult) {
      return new Result(hresult, null, 0, 0, 0, 0);
    }

    static Result of(int hresult, String document) {
      return new Result(hresult, document, 0, 0, 0, 0);
    }
  }

  /** An {@code HCS_OPERATION}. */
  static final class FakeOperation {
    final CompletableFuture<Result> result = new CompletableFuture<>();
    boolean used;
    WeakReference<OperationCompletion> callback;
    Pointer context;
    Pointer self;
  }

  /** A callback registered on a system or process handle, held weakly as HCS holds only a function pointer. */
  private record Registration(WeakReference<EventCallback> callback, Pointer context, String function) {
  }

  private final Ledger ledger;
  private final FakeWindows host;
  private final Object lock = new Object();
  private final Map<String, FakeSystem> systems = new LinkedHashMap<>();
  private final Map<Long, Registration> registrations = new HashMap<>();
  private final Map<String, ObjectNode> credentialGuards = new LinkedHashMap<>();
  private final List<Runnable> stalled = new ArrayList<>();
  private final ExecutorService events = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "fake-hcs-events");
    thread.setDaemon(true);
    return thread;
  });

  FakeCompute(Ledger ledger, FakeWindows host) {
    this.ledger = ledger;
    this.host = host;
  }

  // ---- test-facing

  /** Completes every operation a test stalled. */
  void releaseStalled() {
    List<Runnable> release;
    synchronized (stalled) {
      release = new ArrayList<>(stalled);
      stalled.clear();
    }
    release.forEach(Runnable::run);
  }

  /** The state of a system, or null when no system has that ID. */
  String state(String id) {
    synchronized (lock) {
      FakeSystem system = systems.get(id);
      return system == null ? null : system.state.name();
    }
  }

  /** Waits until queued events have been handed to their callbacks. */
  void drainEvents() {
    try {
      events.submit(() -> { }).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("fake event thread is stuck", e);
    }
  }

  // ---- operations

  @Override
  public Pointer HcsCreateOperation(Pointer context, OperationCompletion callback) {
    ledger.record("HcsCreateOperation", context, callback);
    FakeOperation operation = new FakeOperation();
    operation.context = context;
    operation.callback = callback == null ? null : new WeakReference<>(callback);
    Pointer handle = ledger.open(Kind.OPERATION, operation, "HcsCreateOperation");
    operation.self = handle;
    return handle;
  }

  @Override
  public void HcsCloseOperation(Pointer operation) {
    ledger.record("HcsCloseOperation", operation);
    ledger.close(operation, Kind.OPERATION, "HcsCloseOperation");
  }

  @Override
  public int HcsWaitForOperationResult(Pointer operation, int timeoutMs, PointerByReference resultDocument) {
    ledger.record("HcsWaitForOperationResult", operation, timeoutMs, resultDocument);
    return awaitOperation("HcsWaitForOperationResult", operation, timeoutMs, null, resultDocument);
  }

  @Override
  public int HcsGetOperationResult(Pointer operation, PointerByReference resultDocument) {
    ledger.record("HcsGetOperationResult", operation, resultDocument);
    return awaitOperation("HcsGetOperationResult", operation, null, null, resultDocument);
  }

  @Override
  public int HcsWaitForOperationResultAndProcessInfo(Pointer operation, int timeoutMs,
      HcsProcessInformation processInformation, PointerByReference resultDocument) {
    ledger.record("HcsWaitForOperationResultAndProcessInfo", operation, timeoutMs, processInformation, resultDocument);
    return awaitOperation("HcsWaitForOperationResultAndProcessInfo", operation, timeoutMs, processInformation,
        resultDocument);
  }

  @Override
  public int HcsGetOperationResultAndProcessInfo(Pointer operation, HcsProcessInformation processInformation,
      PointerByReference resultDocument) {
    ledger.record("HcsGetOperationResultAndProcessInfo", operation, processInformation, resultDocument);
    return awaitOperation("HcsGetOperationResultAndProcessInfo", operation, null, processInformation, resultDocument);
  }

  @Override
  public int HcsSetOperationCallback(Pointer operation, Pointer context, OperationCompletion callback) {
    ledger.record("HcsSetOperationCallback", operation, context, callback);
    FakeOperation op = ledger.target(operation, Kind.OPERATION, "HcsSetOperationCallback", FakeOperation.class);
    if (op == null) {
      return E_HANDLE;
    }
    synchronized (op) {
      op.context = context;
      op.callback = new WeakReference<>(callback);
    }
    if (op.result.isDone()) {
      notifyCompletion(op);
    }
    return S_OK;
  }

  @Override
  public int HcsCancelOperation(Pointer operation) {
    ledger.record("HcsCancelOperation", operation);
    ledger.target(operation, Kind.OPERATION, "HcsCancelOperation", FakeOperation.class);
    return E_NOTIMPL;
  }

  // ---- compute systems

  @Override
  public int HcsEnumerateComputeSystems(WString query, Pointer operation) {
    Recorded recorded = ledger.record("HcsEnumerateComputeSystems", query, operation);
    return track(recorded, operation, () -> {
      JsonNode filter = query == null ? Ledger.JSON.createObjectNode() : Ledger.parse(query.toString());
      if (filter == null) {
        return invalidJson("HcsEnumerateComputeSystems");
      }
      ArrayNode array = Ledger.JSON.createArrayNode();
      synchronized (lock) {
        for (FakeSystem system : systems.values()) {
          if (matches(filter.path("Ids"), system.id) && matches(filter.path("Types"), system.systemType())
              && matches(filter.path("Owners"), system.owner())) {
            array.add(system.properties());
          }
        }
      }
      return Result.of(S_OK, array.toString());
    });
  }

  @Override
  public int HcsCreateComputeSystem(WString id, WString configuration, Pointer operation, Pointer securityDescriptor,
      PointerByReference computeSystem) {
    Recorded recorded = ledger.record("HcsCreateComputeSystem", id, configuration, operation, securityDescriptor,
        computeSystem);
    if (recorded.injection() != null && recorded.injection().immediate()) {
      return track(recorded, operation, () -> Result.of(E_INVALIDARG));
    }
    if (recorded.injection() != null || id == null || configuration == null) {
      // HCS accepted the call and handed out a handle; the operation carries the failure.
      computeSystem.setValue(ledger.open(Kind.SYSTEM, new FakeSystem(String.valueOf(id),
          Ledger.JSON.createObjectNode(), null), "HcsCreateComputeSystem"));
      return track(recorded, operation, () -> Result.of(E_INVALIDARG));
    }
    Result[] failure = new Result[1];
    FakeSystem created = create(id.toString(), configuration.toString(), failure);
    computeSystem.setValue(ledger.open(Kind.SYSTEM, created, "HcsCreateComputeSystem"));
    return track(recorded, operation, () -> failure[0] == null ? Result.of(S_OK) : failure[0]);
  }

  @Override
  public int HcsOpenComputeSystem(WString id, int requestedAccess, PointerByReference computeSystem) {
    Recorded recorded = ledger.record("HcsOpenComputeSystem", id, requestedAccess, computeSystem);
    if (recorded.injection() != null) {
      return recorded.injection().hresult();
    }
    synchronized (lock) {
      FakeSystem system = systems.get(String.valueOf(id));
      if (system == null) {
        return HCS_E_SYSTEM_NOT_FOUND;
      }
      computeSystem.setValue(ledger.open(Kind.SYSTEM, system, "HcsOpenComputeSystem"));
      return S_OK;
    }
  }

  @Override
  public void HcsCloseComputeSystem(Pointer computeSystem) {
    ledger.record("HcsCloseComputeSystem", computeSystem);
    FakeSystem system = (FakeSystem) ledger.close(computeSystem, Kind.SYSTEM, "HcsCloseComputeSystem");
    if (system == null) {
      return;
    }
    synchronized (lock) {
      registrations.remove(Pointer.nativeValue(computeSystem));
      if (!ledger.openHandlesOf(Kind.SYSTEM, system).isEmpty() || systems.get(system.id) != system) {
        return;
      }
      if (system.state != FakeSystem.State.STOPPED && system.terminatesOnLastHandleClosed()) {
        stop(system, "ForcedExit", HCS_E_TERMINATED);
      }
      if (system.state == FakeSystem.State.STOPPED) {
        systems.remove(system.id);
      }
    }
  }

  @Override
  public int HcsStartComputeSystem(Pointer computeSystem, Pointer operation, WString options) {
    Recorded recorded = ledger.record("HcsStartComputeSystem", computeSystem, operation, options);
    return onSystem(recorded, computeSystem, operation, system -> {
      if (system.state != FakeSystem.State.CREATED) {
        return Result.of(HCS_E_INVALID_STATE, resultError(HCS_E_INVALID_STATE,
            "The requested operation is not valid in the current state of the compute system (" + system.state + ")."));
      }
      system.state = FakeSystem.State.RUNNING;
      system.started = Instant.now();
      return Result.of(S_OK);
    });
  }

  @Override
  public int HcsShutDownComputeSystem(Pointer computeSystem, Pointer operation, WString options) {
    Recorded recorded = ledger.record("HcsShutDownComputeSystem", computeSystem, operation, options);
    return onSystem(recorded, computeSystem, operation, system -> stopRequest(system, "GracefulExit", S_OK));
  }

  @Override
  public int HcsTerminateComputeSystem(Pointer computeSystem, Pointer operation, WString options) {
    Recorded recorded = ledger.record("HcsTerminateComputeSystem", computeSystem, operation, options);
    return onSystem(recorded, computeSystem, operation, system -> stopRequest(system, "ForcedExit", HCS_E_TERMINATED));
  }

  @Override
  public int HcsGetComputeSystemProperties(Pointer computeSystem, Pointer operation, WString propertyQuery) {
    Recorded recorded = ledger.record("HcsGetComputeSystemProperties", computeSystem, operation, propertyQuery);
    return onSystem(recorded, computeSystem, operation, system -> {
      JsonNode query = propertyQuery == null ? Ledger.JSON.createObjectNode() : Ledger.parse(propertyQuery.toString());
      if (query == null) {
        return invalidJson("HcsGetComputeSystemProperties");
      }
      ObjectNode properties = system.properties();
      for (JsonNode type : query.path("PropertyTypes")) {
        switch (type.asText()) {
          case "Statistics" -> properties.set("Statistics", statistics(system));
          case "ProcessList" -> properties.set("ProcessList", processList(system));
          default -> {
            // Other property types exist (§2d); the fake answers with the basic members only.
          }
        }
      }
      return Result.of(S_OK, properties.toString());
    });
  }

  @Override
  public int HcsModifyComputeSystem(Pointer computeSystem, Pointer operation, WString configuration, Pointer identity) {
    Recorded recorded = ledger.record("HcsModifyComputeSystem", computeSystem, operation, configuration, identity);
    return onSystem(recorded, computeSystem, operation, system -> {
      JsonNode request = configuration == null ? null : Ledger.parse(configuration.toString());
      if (request == null || !request.isObject()) {
        return invalidJson("HcsModifyComputeSystem");
      }
      if (system.state != FakeSystem.State.RUNNING) {
        return Result.of(HCS_E_INVALID_STATE, resultError(HCS_E_INVALID_STATE, "The compute system is not running."));
      }
      return Result.of(S_OK);
    });
  }

  @Override
  public int HcsSetComputeSystemCallback(Pointer computeSystem, int callbackOptions, Pointer context,
      EventCallback callback) {
    Recorded recorded = ledger.record("HcsSetComputeSystemCallback", computeSystem, callbackOptions, context, callback);
    if (recorded.injection() != null) {
      return recorded.injection().hresult();
    }
    if (ledger.target(computeSystem, Kind.SYSTEM, "HcsSetComputeSystemCallback", FakeSystem.class) == null) {
      return E_HANDLE;
    }
    synchronized (lock) {
      registrations.put(Pointer.nativeValue(computeSystem),
          new Registration(new WeakReference<>(callback), context, "HcsSetComputeSystemCallback"));
    }
    return S_OK;
  }

  @Override
  public int HcsWaitForComputeSystemExit(Pointer computeSystem, int timeoutMs, PointerByReference result) {
    Recorded recorded = ledger.record("HcsWaitForComputeSystemExit", computeSystem, timeoutMs, result);
    if (recorded.injection() != null) {
      result.setValue(ledger.allocate(recorded.injection().document(), Ledger.Free.LOCAL_FREE,
          "HcsWaitForComputeSystemExit"));
      return recorded.injection().hresult();
    }
    try (Ledger.Use<FakeSystem> use = ledger.use(computeSystem, Kind.SYSTEM, "HcsWaitForComputeSystemExit",
        FakeSystem.class)) {
      if (use.target() == null) {
        return E_HANDLE;
      }
      ObjectNode status = await(use.target().exit, timeoutMs);
      if (status == null) {
        return HCS_E_OPERATION_TIMEOUT;
      }
      result.setValue(ledger.allocate(status.toString(), Ledger.Free.LOCAL_FREE, "HcsWaitForComputeSystemExit"));
      return S_OK;
    }
  }

  // ---- processes

  @Override
  public int HcsCreateProcess(Pointer computeSystem, WString processParameters, Pointer operation,
      Pointer securityDescriptor, PointerByReference process) {
    Recorded recorded = ledger.record("HcsCreateProcess", computeSystem, processParameters, operation,
        securityDescriptor, process);
    return onSystem(recorded, computeSystem, operation, system -> {
      JsonNode parameters = processParameters == null ? null : Ledger.parse(processParameters.toString());
      if (parameters == null || !parameters.isObject()) {
        return invalidJson("HcsCreateProcess");
      }
      if (system.state != FakeSystem.State.RUNNING) {
        return Result.of(HCS_E_INVALID_STATE, resultError(HCS_E_INVALID_STATE, "The compute system is not running."));
      }
      FakeProcess created = new FakeProcess(system.nextPid(), system, parameters, this::processExited);
      system.processes.put(created.pid(), created);
      process.setValue(ledger.open(Kind.PROCESS, created, "HcsCreateProcess"));
      long stdin = pipeHandle(created.stdin, true);
      long stdout = pipeHandle(created.stdout, false);
      long stderr = pipeHandle(created.stderr, false);
      created.start(host.behaviourFor(created.commandLine()));
      return new Result(S_OK, null, created.pid(), stdin, stdout, stderr);
    });
  }

  @Override
  public int HcsOpenProcess(Pointer computeSystem, int processId, int requestedAccess, PointerByReference process) {
    Recorded recorded = ledger.record("HcsOpenProcess", computeSystem, processId, requestedAccess, process);
    if (recorded.injection() != null) {
      return recorded.injection().hresult();
    }
    FakeSystem system = ledger.target(computeSystem, Kind.SYSTEM, "HcsOpenProcess", FakeSystem.class);
    if (system == null) {
      return E_HANDLE;
    }
    synchronized (lock) {
      FakeProcess found = system.processes.get(processId);
      if (found == null || found.exited()) {
        return ERROR_NOT_FOUND;
      }
      process.setValue(ledger.open(Kind.PROCESS, found, "HcsOpenProcess"));
      return S_OK;
    }
  }

  @Override
  public void HcsCloseProcess(Pointer process) {
    ledger.record("HcsCloseProcess", process);
    if (ledger.close(process, Kind.PROCESS, "HcsCloseProcess") != null) {
      synchronized (lock) {
        registrations.remove(Pointer.nativeValue(process));
      }
    }
  }

  @Override
  public int HcsSignalProcess(Pointer process, Pointer operation, WString options) {
    Recorded recorded = ledger.record("HcsSignalProcess", process, operation, options);
    return onProcess(recorded, process, operation, target -> {
      JsonNode parsed = options == null ? null : Ledger.parse(options.toString());
      String signal = parsed == null ? "" : parsed.path("Signal").asText("");
      if (!SIGNALS.contains(signal)) {
        return Result.of(E_INVALIDARG, resultError(E_INVALIDARG, "Unknown signal \"" + signal + "\"."));
      }
      if (target.exited()) {
        return Result.of(HCS_E_INVALID_STATE, resultError(HCS_E_INVALID_STATE, "The signal was not delivered: the process has exited."));
      }
      target.signal(signal);
      return Result.of(S_OK);
    });
  }

  @Override
  public int HcsTerminateProcess(Pointer process, Pointer operation, WString options) {
    Recorded recorded = ledger.record("HcsTerminateProcess", process, operation, options);
    return onProcess(recorded, process, operation, target -> {
      if (target.exited()) {
        // TerminateProcess on a process that has exited answers ERROR_ACCESS_DENIED (§1.4).
        return Result.of(E_ACCESSDENIED, resultError(E_ACCESSDENIED, "Access is denied."));
      }
      target.terminate();
      return Result.of(S_OK);
    });
  }

  @Override
  public int HcsGetProcessInfo(Pointer process, Pointer operation) {
    Recorded recorded = ledger.record("HcsGetProcessInfo", process, operation);
    return onProcess(recorded, process, operation, target -> new Result(S_OK, null, target.pid(), 0, 0, 0));
  }

  @Override
  public int HcsGetProcessProperties(Pointer process, Pointer operation, WString propertyQuery) {
    Recorded recorded = ledger.record("HcsGetProcessProperties", process, operation, propertyQuery);
    return onProcess(recorded, process, operation, target -> Result.of(S_OK, target.status().toString()));
  }

  @Override
  public int HcsModifyProcess(Pointer process, Pointer operation, WString settings) {
    Recorded recorded = ledger.record("HcsModifyProcess", process, operation, settings);
    return onProcess(recorded, process, operation, target -> {
      JsonNode request = settings == null ? null : Ledger.parse(settings.toString());
      if (request == null) {
        return invalidJson("HcsModifyProcess");
      }
      if (target.exited()) {
        return Result.of(HCS_E_INVALID_STATE, resultError(HCS_E_INVALID_STATE, "The process has exited."));
      }
      switch (request.path("Operation").asText()) {
        case "ConsoleSize" -> {
          return request.path("ConsoleSize").has("Height") && request.path("ConsoleSize").has("Width")
              ? Result.of(S_OK) : invalidJson("HcsModifyProcess");
        }
        case "CloseHandle" -> {
          String which = request.path("CloseHandle").path("Handle").asText();
          if (which.equals("StdIn") || which.equals("All")) {
            target.closeStdin();
          }
          return Set.of("StdIn", "StdOut", "StdErr", "All").contains(which) ? Result.of(S_OK) : invalidJson("HcsModifyProcess");
        }
        default -> {
          return invalidJson("HcsModifyProcess");
        }
      }
    });
  }

  @Override
  public int HcsSetProcessCallback(Pointer process, int callbackOptions, Pointer context, EventCallback callback) {
    Recorded recorded = ledger.record("HcsSetProcessCallback", process, callbackOptions, context, callback);
    if (recorded.injection() != null) {
      return recorded.injection().hresult();
    }
    if (ledger.target(process, Kind.PROCESS, "HcsSetProcessCallback", FakeProcess.class) == null) {
      return E_HANDLE;
    }
    synchronized (lock) {
      registrations.put(Pointer.nativeValue(process),
          new Registration(new WeakReference<>(callback), context, "HcsSetProcessCallback"));
    }
    return S_OK;
  }

  @Override
  public int HcsWaitForProcessExit(Pointer process, int timeoutMs, PointerByReference result) {
    Recorded recorded = ledger.record("HcsWaitForProcessExit", process, timeoutMs, result);
    if (recorded.injection() != null) {
      return recorded.injection().hresult();
    }
    try (Ledger.Use<FakeProcess> use = ledger.use(process, Kind.PROCESS, "HcsWaitForProcessExit", FakeProcess.class)) {
      if (use.target() == null) {
        return E_HANDLE;
      }
      if (await(use.target().exitFuture(), timeoutMs) == null) {
        return HCS_E_OPERATION_TIMEOUT;
      }
      result.setValue(ledger.allocate(use.target().status().toString(), Ledger.Free.LOCAL_FREE, "HcsWaitForProcessExit"));
      return S_OK;
    }
  }

  // ---- the service

  @Override
  public int HcsGetServiceProperties(WString propertyQuery, PointerByReference result) {
    Recorded recorded = ledger.record("HcsGetServiceProperties", propertyQuery, result);
    if (recorded.injection() != null) {
      result.setValue(ledger.allocate(recorded.injection().document(), Ledger.Free.LOCAL_FREE, "HcsGetServiceProperties"));
      return recorded.injection().hresult();
    }
    JsonNode query = propertyQuery == null ? Ledger.JSON.createObjectNode() : Ledger.parse(propertyQuery.toString());
    if (query == null) {
      result.setValue(ledger.allocate(resultError(HCS_E_INVALID_JSON, "The JSON document is invalid."),
          Ledger.Free.LOCAL_FREE, "HcsGetServiceProperties"));
      return HCS_E_INVALID_JSON;
    }
    ObjectNode answer = Ledger.JSON.createObjectNode();
    ArrayNode properties = answer.putArray("Properties");
    for (JsonNode type : query.path("PropertyTypes")) {
      switch (type.asText()) {
        case "Basic" -> {
          ArrayNode versions = properties.addObject().putArray("SupportedSchemaVersions");
          versions.addObject().put("Major", 2).put("Minor", 1);
          if (host.hostBuild() >= 20348) {
            for (int minor = 2; minor <= 5; minor++) {
              versions.addObject().put("Major", 2).put("Minor", minor);
            }
          }
        }
        case "ProcessorTopology" -> properties.addObject().put("LogicalProcessorCount", host.logicalProcessors());
        case "ContainerCredentialGuard" -> {
          ArrayNode instances = properties.addObject().putArray("Instances");
          synchronized (lock) {
            credentialGuards.values().forEach(instances::add);
          }
        }
        default -> properties.addObject();
      }
    }
    result.setValue(ledger.allocate(answer.toString(), Ledger.Free.LOCAL_FREE, "HcsGetServiceProperties"));
    return S_OK;
  }

  @Override
  public int HcsModifyServiceSettings(WString settings, PointerByReference result) {
    Recorded recorded = ledger.record("HcsModifyServiceSettings", settings, result);
    if (recorded.injection() != null) {
      result.setValue(ledger.allocate(recorded.injection().document(), Ledger.Free.LOCAL_FREE, "HcsModifyServiceSettings"));
      return recorded.injection().hresult();
    }
    JsonNode request = settings == null ? null : Ledger.parse(settings.toString());
    if (request == null || !request.path("PropertyType").asText().equals("ContainerCredentialGuard")) {
      result.setValue(ledger.allocate(resultError(HCS_E_INVALID_JSON, "Unsupported service settings."),
          Ledger.Free.LOCAL_FREE, "HcsModifyServiceSettings"));
      return HCS_E_INVALID_JSON;
    }
    JsonNode details = request.path("Settings").path("OperationDetails");
    String id = details.path("Id").asText();
    synchronized (lock) {
      switch (request.path("Settings").path("Operation").asText()) {
        case "AddInstance" -> credentialGuards.put(id, credentialGuard(id, details));
        case "RemoveInstance" -> credentialGuards.remove(id);
        default -> {
          result.setValue(ledger.allocate(resultError(HCS_E_INVALID_JSON, "Unknown operation."),
              Ledger.Free.LOCAL_FREE, "HcsModifyServiceSettings"));
          return HCS_E_INVALID_JSON;
        }
      }
    }
    return S_OK;
  }

  @Override
  public int HcsGrantVmAccess(WString vmId, WString filePath) {
    Recorded recorded = ledger.record("HcsGrantVmAccess", vmId, filePath);
    return recorded.injection() != null ? recorded.injection().hresult() : S_OK;
  }

  @Override
  public int HcsRevokeVmAccess(WString vmId, WString filePath) {
    Recorded recorded = ledger.record("HcsRevokeVmAccess", vmId, filePath);
    return recorded.injection() != null ? recorded.injection().hresult() : S_OK;
  }

  @Override
  public int HcsGrantVmGroupAccess(WString filePath) {
    Recorded recorded = ledger.record("HcsGrantVmGroupAccess", filePath);
    return recorded.injection() != null ? recorded.injection().hresult() : S_OK;
  }

  // ---- the model

  /** Creates the system, or explains in {@code failure[0]} why not (the handle is handed out either way). */
  private FakeSystem create(String id, String text, Result[] failure) {
    JsonNode document = Ledger.parse(text);
    if (document == null || !document.isObject()) {
      failure[0] = invalidJson("HcsCreateComputeSystem");
      return new FakeSystem(id, Ledger.JSON.createObjectNode(), null);
    }
    synchronized (lock) {
      FakeSystem hosting = null;
      if (document.has("HostingSystemId")) {
        hosting = systems.get(document.path("HostingSystemId").asText());
        if (hosting == null || !hosting.systemType().equals("VirtualMachine")) {
          failure[0] = Result.of(HCS_E_SYSTEM_NOT_FOUND, resultError(HCS_E_SYSTEM_NOT_FOUND,
              "The hosting system " + document.path("HostingSystemId").asText() + " does not exist."));
          return new FakeSystem(id, document, null);
        }
        if (hosting.state != FakeSystem.State.RUNNING) {
          failure[0] = Result.of(HCS_E_INVALID_STATE, resultError(HCS_E_INVALID_STATE, "The hosting system is not running."));
          return new FakeSystem(id, document, null);
        }
      }
      if (systems.containsKey(id)) {
        failure[0] = Result.of(HCS_E_SYSTEM_ALREADY_EXISTS, resultError(HCS_E_SYSTEM_ALREADY_EXISTS,
            "A compute system with the ID " + id + " already exists."));
        return new FakeSystem(id, document, null);
      }
      Integer imageBuild = imageBuild(document.path("Container").path("Storage").path("Layers"));
      if (imageBuild != null && !ImageBuilds.compatible(host.hostBuild(), imageBuild)) {
        failure[0] = Result.of(HCS_E_IMAGE_MISMATCH, resultError(HCS_E_IMAGE_MISMATCH,
            "The container operating system does not match the host operating system."));
        return new FakeSystem(id, document, null);
      }
      FakeSystem system = new FakeSystem(id, document, hosting);
      if (hosting != null) {
        hosting.hosted.add(system);
      }
      systems.put(id, system);
      return system;
    }
  }

  /** The image build of a process-isolated container: the first layer, from the base up, with a known build. */
  private Integer imageBuild(JsonNode layers) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      Integer build = host.imageBuildOf(layers.get(i).path("Path").asText());
      if (build != null) {
        return build;
      }
    }
    return null;
  }

  private Result stopRequest(FakeSystem system, String exitType, int status) {
    if (system.state == FakeSystem.State.STOPPED) {
      return Result.of(HCS_E_SYSTEM_ALREADY_STOPPED, resultError(HCS_E_SYSTEM_ALREADY_STOPPED,
          "The compute system has already stopped."));
    }
    stop(system, exitType, status);
    return Result.of(S_OK);
  }

  /** Stops the system, its hosted systems and its processes; exit events go to the open handles' callbacks. */
  private void stop(FakeSystem system, String exitType, int status) {
    List<FakeProcess> running;
    synchronized (lock) {
      if (system.state == FakeSystem.State.STOPPED) {
        return;
      }
      system.state = FakeSystem.State.STOPPED;
      running = new ArrayList<>(system.processes.values());
    }
    running.forEach(FakeProcess::terminate);
    for (FakeSystem hosted : List.copyOf(system.hosted)) {
      stop(hosted, "UnexpectedExit", HCS_E_TERMINATED);
    }
    ObjectNode exit = Ledger.JSON.createObjectNode().put("Status", status).put("ExitType", exitType);
    system.exit.complete(exit);
    for (long handle : ledger.openHandlesOf(Kind.SYSTEM, system)) {
      deliver(handle, HcsEvent.SYSTEM_EXITED, exit.toString());
    }
  }

  private void processExited(FakeProcess process) {
    String status = process.status().toString();
    for (long handle : ledger.openHandlesOf(Kind.PROCESS, process)) {
      deliver(handle, HcsEvent.PROCESS_EXITED, status);
    }
  }

  /** Hands an event to the callback registered on {@code handle}, if any, on the event thread. */
  private void deliver(long handle, int type, String data) {
    Registration registration;
    synchronized (lock) {
      registration = registrations.get(handle);
    }
    if (registration == null) {
      return;
    }
    events.execute(() -> {
      if (!ledger.isOpen(handle)) {
        return;
      }
      EventCallback callback = registration.callback().get();
      if (callback == null) {
        ledger.violation("the callback registered with " + registration.function() + " on handle 0x"
            + Long.toHexString(handle) + " was garbage-collected while registered (keep a strong reference, §1.1)");
        return;
      }
      HcsEvent event = new HcsEvent();
      event.Type = type;
      event.EventData = new WString(data);
      event.write();
      callback.callback(event, registration.context());
    });
  }

  private long pipeHandle(FakePipe pipe, boolean hostWrites) {
    if (pipe == null) {
      return 0;
    }
    return Pointer.nativeValue(ledger.open(Kind.PIPE, new FakeKernel.PipeEnd(pipe, hostWrites), "HcsCreateProcess"));
  }

  private ObjectNode statistics(FakeSystem system) {
    long sample = ++system.samples;
    Instant now = Instant.now();
    Instant started = system.started == null ? now : system.started;
    ObjectNode statistics = Ledger.JSON.createObjectNode();
    statistics.put("Timestamp", TIMESTAMP.format(now));
    statistics.put("ContainerStartTime", TIMESTAMP.format(started));
    statistics.put("Uptime100ns", Math.max(sample, Duration.between(started, now).toNanos() / 100));
    statistics.putObject("Processor")
        .put("TotalRuntime100ns", sample * 1_500_000L)
        .put("RuntimeUser100ns", sample * 1_000_000L)
        .put("RuntimeKernel100ns", sample * 500_000L);
    statistics.putObject("Memory")
        .put("MemoryUsageCommitBytes", 64L * 1024 * 1024 + sample * 4096)
        .put("MemoryUsageCommitPeakBytes", 64L * 1024 * 1024 + sample * 8192)
        .put("MemoryUsagePrivateWorkingSetBytes", 32L * 1024 * 1024 + sample * 4096);
    statistics.putObject("Storage")
        .put("ReadCountNormalized", sample * 10)
        .put("ReadSizeBytes", sample * 40960)
        .put("WriteCountNormalized", sample * 5)
        .put("WriteSizeBytes", sample * 20480);
    return statistics;
  }

  private ArrayNode processList(FakeSystem system) {
    long sample = ++system.samples;
    ArrayNode list = Ledger.JSON.createArrayNode();
    synchronized (lock) {
      for (FakeProcess process : system.processes.values()) {
        if (process.exited()) {
          continue;
        }
        String image = process.commandLine().strip().split("\\s+", 2)[0];
        image = image.substring(Math.max(image.lastIndexOf('\\'), image.lastIndexOf('/')) + 1);
        list.addObject()
            .put("ProcessId", process.pid())
            .put("ImageName", image.isEmpty() ? "unknown.exe" : image)
            .put("CreateTimestamp", TIMESTAMP.format(process.created()))
            .put("UserTime100ns", sample * 200_000L)
            .put("KernelTime100ns", sample * 100_000L)
            .put("MemoryCommitBytes", 8L * 1024 * 1024 + sample * 1024)
            .put("MemoryWorkingSetPrivateBytes", 4L * 1024 * 1024 + sample * 1024)
            .put("MemoryWorkingSetSharedBytes", 2L * 1024 * 1024);
      }
    }
    return list;
  }

  private static ObjectNode credentialGuard(String id, JsonNode details) {
    ObjectNode instance = Ledger.JSON.createObjectNode();
    instance.put("Id", id);
    String transport = details.path("Transport").asText("LRPC");
    ObjectNode guard = instance.putObject("CredentialGuard");
    guard.put("Cookie", java.util.Base64.getEncoder().encodeToString(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    guard.put("RpcEndpoint", "ccg-" + id);
    guard.put("Transport", transport);
    guard.put("CredentialSpec", details.path("CredentialSpec").asText());
    if (transport.equals("HvSocket")) {
      String serviceId = java.util.UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
      instance.putObject("HvSocketConfig").put("ServiceId", serviceId).putObject("ServiceConfig")
          .put("BindSecurityDescriptor", "D:P(A;;FA;;;SY)").put("ConnectSecurityDescriptor", "D:P(A;;FA;;;SY)");
    }
    return instance;
  }

  // ---- the operation model

  /** Runs {@code body} as the call tracked by {@code operation} (or its scripted failure) and completes the operation. */
  private int track(Recorded recorded, Pointer operation, Supplier<Result> body) {
    String function = recorded.call().function();
    FakeOperation op = ledger.target(operation, Kind.OPERATION, function, FakeOperation.class);
    if (op == null) {
      return E_HANDLE;
    }
    synchronized (op) {
      if (op.used) {
        ledger.violation(function + " was given an operation already used by another call (one operation per call, §1.3)");
        return HCS_E_OPERATION_ALREADY_STARTED;
      }
      op.used = true;
    }
    Ledger.Injection injection = recorded.injection();
    Result result = injection != null ? Result.of(injection.hresult(), injection.document()) : body.get();
    if (recorded.stall()) {
      synchronized (stalled) {
        stalled.add(() -> complete(op, result));
      }
    } else {
      complete(op, result);
    }
    return injection != null && injection.immediate() ? injection.hresult() : S_OK;
  }

  private interface SystemBody {
    Result run(FakeSystem system);
  }

  private interface ProcessBody {
    Result run(FakeProcess process);
  }

  private int onSystem(Recorded recorded, Pointer computeSystem, Pointer operation, SystemBody body) {
    String function = recorded.call().function();
    try (Ledger.Use<FakeSystem> use = ledger.use(computeSystem, Kind.SYSTEM, function, FakeSystem.class)) {
      if (use.target() == null) {
        return track(recorded, operation, () -> Result.of(E_HANDLE));
      }
      if (!isLive(use.target())) {
        return track(recorded, operation, () -> Result.of(HCS_E_SYSTEM_NOT_FOUND,
            resultError(HCS_E_SYSTEM_NOT_FOUND, "The compute system does not exist.")));
      }
      return track(recorded, operation, () -> {
        synchronized (lock) {
          return body.run(use.target());
        }
      });
    }
  }

  private int onProcess(Recorded recorded, Pointer process, Pointer operation, ProcessBody body) {
    String function = recorded.call().function();
    try (Ledger.Use<FakeProcess> use = ledger.use(process, Kind.PROCESS, function, FakeProcess.class)) {
      if (use.target() == null) {
        return track(recorded, operation, () -> Result.of(E_HANDLE));
      }
      return track(recorded, operation, () -> body.run(use.target()));
    }
  }

  /** A handle from a failed create names no system. */
  private boolean isLive(FakeSystem system) {
    synchronized (lock) {
      return systems.get(system.id) == system;
    }
  }

  private void complete(FakeOperation op, Result result) {
    op.result.complete(result);
    notifyCompletion(op);
  }

  private void notifyCompletion(FakeOperation op) {
    WeakReference<OperationCompletion> reference;
    Pointer context;
    synchronized (op) {
      reference = op.callback;
      context = op.context;
    }
    if (reference == null) {
      return;
    }
    events.execute(() -> {
      OperationCompletion callback = reference.get();
      if (callback == null) {
        ledger.violation("an operation's completion callback was garbage-collected before it completed (§1.1)");
        return;
      }
      callback.callback(op.self, context);
    });
  }

  private int awaitOperation(String function, Pointer operation, Integer timeoutMs, HcsProcessInformation information,
      PointerByReference resultDocument) {
    try (Ledger.Use<FakeOperation> use = ledger.use(operation, Kind.OPERATION, function, FakeOperation.class)) {
      FakeOperation op = use.target();
      if (op == null) {
        return E_HANDLE;
      }
      synchronized (op) {
        if (!op.used) {
          return HCS_E_OPERATION_NOT_STARTED;
        }
      }
      Result result = timeoutMs == null ? op.result.getNow(null) : await(op.result, timeoutMs);
      if (result == null) {
        return timeoutMs == null ? HCS_E_OPERATION_PENDING : HCS_E_OPERATION_TIMEOUT;
      }
      if (resultDocument != null) {
        resultDocument.setValue(ledger.allocate(result.document(), Ledger.Free.LOCAL_FREE, function));
      }
      if (information != null) {
        information.ProcessId = result.pid();
        information.StdInput = handleOrNull(result.stdin());
        information.StdOutput = handleOrNull(result.stdout());
        information.StdError = handleOrNull(result.stderr());
        information.write();
      }
      return result.hresult();
    }
  }

  private static Pointer handleOrNull(long value) {
    return value == 0 ? null : Pointer.createConstant(value);
  }

  /** The future's value, or null if it is not done within the {@code DWORD} timeout ({@code INFINITE} = -1). */
  private static <T> T await(CompletableFuture<T> future, int timeoutMs) {
    try {
      if (timeoutMs == INFINITE) {
        return future.get();
      }
      return future.get(Integer.toUnsignedLong(timeoutMs), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static boolean matches(JsonNode wanted, String value) {
    if (!wanted.isArray() || wanted.isEmpty()) {
      return true;
    }
    for (JsonNode each : wanted) {
      if (each.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static Result invalidJson(String function) {
    return Result.of(HCS_E_INVALID_JSON, resultError(HCS_E_INVALID_JSON, "The JSON document given to " + function + " is invalid."));
  }

  /** A {@code ResultError} document (§1.3 step 4). */
  static String resultError(int hresult, String message) {
    ObjectNode error = Ledger.JSON.createObjectNode();
    error.put("Error", hresult);
    error.put("ErrorMessage", message);
    error.putArray("ErrorEvents").addObject().put("Message", message).put("Provider", "17103e3f-3c6e-4677-bb17-3b267eb5be57");
    return error.toString();
  }
}

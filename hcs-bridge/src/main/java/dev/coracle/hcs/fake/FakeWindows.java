package dev.coracle.hcs.fake;

import dev.coracle.hcs.nativeapi.Natives;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A recording fake of a Windows host behind every raw binding of {@link Natives}: {@link
 * FakeCompute} ({@code computecore}), {@link FakeNetwork} ({@code computenetwork}), {@link
 * FakeStorage} ({@code computestorage} and {@code vmcompute}) and {@link FakeKernel} ({@code
 * kernel32}, {@code ole32}, {@code ntdll}), sharing one ledger of calls, handles and strings.
 *
 * <p>What it checks: every handle is fresh per open and closed once by its own close
 * function, never used after that nor closed under a running call; every string it returns
 * is freed exactly once by the DLL's free function ({@code LocalFree} for computecore and
 * computestorage, {@code CoTaskMemFree} for computenetwork and {@code HNSCall}, WINDOWS.md
 * §1.1); each operation serves one call; callbacks stay reachable while registered;
 * {@code PrepareLayer} runs one at a time. A breach is a violation, listed by {@link
 * #assertNoViolations()}.
 *
 * <p>What it models: compute systems by ID (created → running → stopped, exit events with
 * {@code SystemExitStatus} on a thread of the fake), processes whose behaviour follows the
 * command line ({@link #onCommand}), HCN namespaces and endpoints, layers as directories, and
 * the host/image build rule of §5: a process-isolated {@code Container} document whose layers
 * include a path registered with {@link #imageBuild} fails with {@code HCS_E_IMAGE_MISMATCH}
 * when that build may not run on {@link #hostBuild()}.
 *
 * <p>Default process behaviours: {@code cmd /c echo X} writes {@code X\r\n} to stdout and
 * exits 0; {@code cmd /c exit N} exits N; anything else runs until a signal (exit code
 * {@code STATUS_CONTROL_C_EXIT}, 0xC000013A) or {@code HcsTerminateProcess} (exit code 1).
 */
public final class FakeWindows {

  /** The exit code of a default process ended by a console control signal. */
  public static final int STATUS_CONTROL_C_EXIT = CommandScripts.STATUS_CONTROL_C_EXIT;


  private final Ledger ledger = new Ledger();
  private final FakeNetwork network = new FakeNetwork(ledger);
  private final FakeCompute compute = new FakeCompute(ledger, this);
  private final FakeStorage storage = new FakeStorage(ledger, network);
  private final FakeKernel kernel = new FakeKernel(ledger, this);
  private final Natives natives = new Natives(compute, network, storage, storage, kernel, kernel, kernel);
  private final CommandScripts scripts = new CommandScripts();
  private final Map<String, Integer> imageBuilds = new ConcurrentHashMap<>();
  private volatile int hostBuild = 20348;
  private volatile int logicalProcessors = 2;

  /** The bindings, all served by this fake. */
  public Natives natives() {
    return natives;
  }

  // ---- the record

  /** Every call so far, in order. */
  public List<Call> calls() {
    return ledger.calls();
  }

  /** The calls of one function, in order. */
  public List<Call> calls(String function) {
    return ledger.calls().stream().filter(call -> call.function().equals(function)).toList();
  }

  /**
   * Whether calls are kept for {@link #calls()} (default yes). A long-running daemon on the
   * fake turns it off; every check and scripted failure still applies.
   */
  public void keepCalls(boolean keep) {
    ledger.keepCalls(keep);
  }

  /** Forgets the recorded calls, the violations and every scripted failure; the modelled host stays. */
  public void clear() {
    ledger.clear();
  }

  /** The violations found so far, including strings not yet freed. */
  public List<String> violations() {
    return ledger.violations();
  }

  /** Fails listing every handle still open. */
  public void assertNoOpenHandles() {
    List<String> open = ledger.openHandles();
    if (!open.isEmpty()) {
      throw new AssertionError("handles still open:\n  " + String.join("\n  ", open));
    }
  }

  /** Fails listing every violation, and every returned string not freed. */
  public void assertNoViolations() {
    compute.drainEvents();
    List<String> violations = ledger.violations();
    if (!violations.isEmpty()) {
      throw new AssertionError("native-call violations:\n  " + String.join("\n  ", violations));
    }
  }

  // ---- failure injection

  /**
   * The next call of {@code function} fails with {@code hresult} and {@code resultDocument}
   * (null for none). For an operation-tracked HCS call the call is accepted and its operation
   * completes with the failure; for every other call the function returns it, with the
   * document as its result or (HCN) error record. HCN's "S_OK with an error record" is {@code
   * failNext(function, 0, record)}. Either HCS form, {@code 0x8037...} or {@code 0xC037...},
   * is passed through as given.
   */
  public void failNext(String function, int hresult, String resultDocument) {
    ledger.failNext(function, hresult, resultDocument, false);
  }

  /** As {@link #failNext}, but an operation-tracked call itself returns the failure at once (§1.3 step 2). */
  public void rejectNext(String function, int hresult, String resultDocument) {
    ledger.failNext(function, hresult, resultDocument, true);
  }

  /** Every call of {@code function} that {@code when} accepts fails with {@code hresult}, until {@link #clear()}. */
  public void failOn(String function, Predicate<Call> when, int hresult) {
    ledger.failOn(function, when, hresult);
  }

  /** The operation of the next call of {@code function} does not complete until {@link #releaseStalled()}. */
  public void stallNext(String function) {
    ledger.stallNext(function);
  }

  /** Completes every stalled operation with the result it would have had. */
  public void releaseStalled() {
    compute.releaseStalled();
  }

  // ---- the modelled host

  /** The host's build (default 20348, Server 2022), as {@code RtlGetVersion} reports and the build rule applies. */
  public int hostBuild() {
    return hostBuild;
  }

  public void hostBuild(int build) {
    this.hostBuild = build;
  }

  /** Declares the OS build of the image a layer directory belongs to (the path as the document names it). */
  public void imageBuild(String layerPath, int build) {
    imageBuilds.put(layerPath, build);
  }

  /** The host's logical processor count, as {@code ProcessorTopology} reports it (default 2). */
  public void logicalProcessors(int count) {
    this.logicalProcessors = count;
  }

  /** Processes whose command line {@code commandLine} accepts run {@code behaviour}; the latest registration wins. */
  public void onCommand(Predicate<String> commandLine, ProcessBehaviour behaviour) {
    scripts.add(commandLine, behaviour);
  }

  /** The state of compute system {@code id} ({@code CREATED}, {@code RUNNING}, {@code STOPPED}), or null if none. */
  public String systemState(String id) {
    return compute.state(id);
  }

  /** Adds an HNS network, as an administrator or CNI setup would have made it; returns its GUID. */
  public String addNetwork(String name, String type) {
    return network.addNetwork(name, type);
  }

  /** Adds an endpoint on a network, as a CNI plugin would have made it; returns its GUID. */
  public String addEndpoint(String networkId, String name) {
    return network.addEndpoint(networkId, name);
  }

  /** The GUIDs of the HCN namespaces that exist. */
  public Set<String> namespaces() {
    return network.namespaceIds();
  }

  /** The volume path {@code GetLayerMountPath} reports for a prepared layer directory, without trailing backslash. */
  public static String volumeOf(String layerPath) {
    return FakeStorage.volumeOf(layerPath);
  }

  // ---- for the parts

  int logicalProcessors() {
    return logicalProcessors;
  }

  Integer imageBuildOf(String layerPath) {
    return imageBuilds.get(layerPath);
  }

  ProcessBehaviour behaviourFor(String commandLine) {
    return scripts.behaviourFor(commandLine);
  }

}

package dev.coracle.hcs.hostprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.DeadlineExceededException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.monitor.ExecResult;
import dev.coracle.hcs.compute.HcsException;
import dev.coracle.hcs.document.MountInput;
import dev.coracle.hcs.document.ProcessInput;
import dev.coracle.hcs.document.WindowsResourcesInput;
import dev.coracle.hcs.document.WindowsStats;
import dev.coracle.hcs.fake.Call;
import dev.coracle.hcs.fake.FakeJobs;
import dev.coracle.hcs.fake.FakeWindows;
import dev.coracle.hcs.nativeapi.JobApi;
import dev.coracle.hcs.storage.LayerStorage;
import com.sun.jna.WString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A hang (a pipe that never ends, a wait never woken) fails the test instead of the build. */
@Timeout(60)
class JobObjectHostProcessesTest {

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00.123456789Z");
  private static final int KILL = JobApi.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  private static final int MEMORY = JobApi.JOB_OBJECT_LIMIT_JOB_MEMORY;
  private static final int CAP = JobApi.JOB_OBJECT_CPU_RATE_CONTROL_ENABLE
      | JobApi.JOB_OBJECT_CPU_RATE_CONTROL_HARD_CAP;
  private static final int WEIGHT = JobApi.JOB_OBJECT_CPU_RATE_CONTROL_ENABLE
      | JobApi.JOB_OBJECT_CPU_RATE_CONTROL_WEIGHT_BASED;

  @TempDir
  Path tmp;

  private final FakeJobs jobs = new FakeJobs();
  private final FakeWindows windows = new FakeWindows();
  private final List<String> made = new ArrayList<>();
  private JobObjectHostProcesses hpc;
  private Path layer;
  private Path hostDir;

  @BeforeEach
  void setUp() throws Exception {
    layer = Files.createDirectories(tmp.resolve("layers").resolve("base-" + suffix()));
    hostDir = Files.createDirectories(tmp.resolve("host-logs"));
    JobObjectHostProcesses.Settings settings = new JobObjectHostProcesses.Settings(tmp.resolve("state"),
        tmp.resolve("hpc"), Map.of("Path", "C:\\Windows\\system32", "SystemRoot", "C:\\Windows"));
    hpc = new JobObjectHostProcesses(jobs, jobs, new LayerStorage(windows.natives()), settings,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void everythingIsGone() {
    made.forEach(hpc::remove);
    jobs.assertNoViolations();
    jobs.assertNoOpenHandles();
    windows.assertNoViolations();
    windows.assertNoOpenHandles();
    assertEquals(Map.of(), jobs.mountPoints());
    assertEquals(List.of(), jobs.running());
    assertNothingMounted();
  }

  // ---- limits

  static Stream<Arguments> limits() {
    return Stream.of(
        // shares, count, maximum, memory, host CPUs -> CPU flags, CPU value, limit flags, memory limit
        Arguments.of(null, null, null, null, 4, 0, 0, KILL, 0L),
        Arguments.of(5000L, null, null, null, 4, WEIGHT, 5, KILL, 0L),
        Arguments.of(10000L, null, null, null, 4, WEIGHT, 9, KILL, 0L),
        Arguments.of(1L, null, null, null, 4, WEIGHT, 1, KILL, 0L),
        Arguments.of(null, 1L, null, null, 4, CAP, 2500, KILL, 0L),
        Arguments.of(null, 3L, null, null, 8, CAP, 3750, KILL, 0L),
        Arguments.of(null, 16L, null, null, 4, CAP, 10000, KILL, 0L),
        Arguments.of(null, null, 3000L, null, 4, CAP, 3000, KILL, 0L),
        Arguments.of(null, 2L, 3000L, null, 4, CAP, 5000, KILL, 0L),
        Arguments.of(null, null, 3000L, 268435456L, 2, CAP, 3000, KILL | MEMORY, 268435456L),
        Arguments.of(2000L, null, null, 1073741825L, 2, WEIGHT, 2, KILL | MEMORY, 1073741825L),
        Arguments.of(0L, 0L, 0L, 0L, 4, 0, 0, KILL, 0L));
  }

  @ParameterizedTest
  @MethodSource("limits")
  void prepare_setsTheJobLimitsOfTheResources(Long shares, Long count, Long maximum, Long memory, int hostCpus,
      int cpuFlags, int cpuValue, int limitFlags, long memoryLimit) {
    String id = prepare(new WindowsResourcesInput(shares, count, maximum, memory), hostCpus, List.of());

    FakeJobs.JobView job = jobs.job("JobContainer_" + id).orElseThrow();
    assertEquals(limitFlags, job.limitFlags());
    assertEquals(memoryLimit, job.jobMemoryLimit());
    assertEquals(cpuFlags, job.cpuControlFlags());
    assertEquals(cpuValue, job.cpuValue());
  }

  @Test
  void update_setsTheLimitsAgainAndTurnsOffWhatIsGone() {
    String id = prepare(new WindowsResourcesInput(5000L, null, null, null), 4, List.of());
    start(id, input(List.of("agent.exe"), null, List.of(), ""), code -> {});

    hpc.update(id, new WindowsResourcesInput(null, null, 2000L, 536870912L), 4);
    FakeJobs.JobView capped = jobs.job("JobContainer_" + id).orElseThrow();
    assertEquals(CAP, capped.cpuControlFlags());
    assertEquals(2000, capped.cpuValue());
    assertEquals(KILL | MEMORY, capped.limitFlags());
    assertEquals(536870912L, capped.jobMemoryLimit());

    hpc.update(id, WindowsResourcesInput.NONE, 4);
    FakeJobs.JobView none = jobs.job("JobContainer_" + id).orElseThrow();
    assertEquals(0, none.cpuControlFlags());
    assertEquals(KILL, none.limitFlags());
  }

  // ---- rootfs

  @Test
  void prepare_mountsTheScratchVolumeAtTheRootfsAndLinksEachMount() throws Exception {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of(new MountInput(hostDir.toString(),
        "C:\\var\\log\\agent", false), new MountInput(hostDir.toString(), "\\data", true)));

    String rootfs = tmp.resolve("hpc").resolve(id) + "/";
    String volume = jobs.mountPoints().get(rootfs);
    assertEquals(FakeWindows.volumeOf(tmp.resolve("state").resolve(id).resolve("scratch").toString()) + "\\", volume);
    Path link = tmp.resolve("hpc").resolve(id).resolve("var").resolve("log").resolve("agent");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(hostDir, Files.readSymbolicLink(link));
    assertEquals(hostDir, Files.readSymbolicLink(tmp.resolve("hpc").resolve(id).resolve("data")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\\\.\\pipe\\docker_engine", "D:\\data", "C:\\data\\..\\..\\Windows", "C:\\"})
  void prepare_refusesMountsItCannotLink(String containerPath) {
    String id = id();
    assertThrows(InvalidArgumentException.class, () -> hpc.prepare(id, List.of(layer),
        List.of(new MountInput(hostDir.toString(), containerPath, false)), WindowsResourcesInput.NONE, 2));
    assertEquals(List.of(), jobs.calls());
  }

  @Test
  void prepare_failingSetInformationJobObjectLeavesNothing() {
    jobs.failNext("SetInformationJobObject", 87);
    String id = id();

    assertThrows(HcsException.class, () -> hpc.prepare(id, List.of(layer), List.of(),
        WindowsResourcesInput.NONE, 2));

    assertEquals(noJobs(), jobs.jobs());
    assertTrue(windows.calls("CreateSandboxLayer").isEmpty());
  }

  @Test
  void prepare_failingTheCpuRateLimitClosesTheJob() {
    jobs.failOn("SetInformationJobObject",
        call -> call.args().get(1).equals(JobApi.JobObjectCpuRateControlInformation), 87);
    String id = id();

    assertThrows(HcsException.class, () -> hpc.prepare(id, List.of(layer), List.of(),
        new WindowsResourcesInput(5000L, null, null, null), 2));

    assertEquals(2, jobs.calls("SetInformationJobObject").size());
    assertEquals(noJobs(), jobs.jobs());
    assertTrue(windows.calls("CreateSandboxLayer").isEmpty());
  }

  @Test
  void prepare_failingTheVolumeMountPointUnmountsAndDestroysTheScratch() {
    jobs.failNext("SetVolumeMountPointW", 5);
    String id = id();

    assertThrows(HcsException.class, () -> hpc.prepare(id, List.of(layer),
        List.of(new MountInput(hostDir.toString(), "C:\\data", false)), WindowsResourcesInput.NONE, 2));

    assertEquals(1, windows.calls("DestroyLayer").size());
    assertFalse(Files.exists(tmp.resolve("state").resolve(id)));
    assertFalse(Files.exists(tmp.resolve("hpc").resolve(id)));
    assertEquals(noJobs(), jobs.jobs());
  }

  // ---- start and the process

  @Test
  void start_expandsTheMountPointInCommandLineWorkingDirAndEnvironment() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    String rootfs = tmp.resolve("hpc").resolve(id) + "/";

    int pid = start(id, input(List.of("%CONTAINER_SANDBOX_MOUNT_POINT%\\bin\\agent.exe", "--config",
        "$env:CONTAINER_SANDBOX_MOUNT_POINT\\etc\\agent.yaml"), "%CONTAINER_SANDBOX_MOUNT_POINT%\\work",
        List.of("DATA=%container_sandbox_mount_point%\\data", "PATH=C:\\tools"), ""), code -> {});

    FakeJobs.ProcessView p = process(pid);
    assertEquals(rootfs + "\\bin\\agent.exe --config " + rootfs + "\\etc\\agent.yaml", p.commandLine());
    assertEquals(rootfs + "\\work", p.workingDir());
    assertEquals(rootfs, p.environment().get("CONTAINER_SANDBOX_MOUNT_POINT"));
    assertEquals(rootfs + "\\data", p.environment().get("DATA"));
    assertEquals("C:\\tools;" + rootfs, p.environment().get("Path"));
    assertEquals("C:\\Windows", p.environment().get("SystemRoot"));
    assertEquals("JobContainer_" + id, p.job());
    int flags = JobApi.CREATE_SUSPENDED | JobApi.CREATE_NEW_PROCESS_GROUP | JobApi.CREATE_UNICODE_ENVIRONMENT;
    assertEquals(flags, p.creationFlags() & flags);
    assertNull(p.user());
  }

  @Test
  void start_defaultsTheWorkingDirToTheRootfsAndResolvesARelativeOneUnderIt() {
    String a = prepare(WindowsResourcesInput.NONE, 2, List.of());
    String b = prepare(WindowsResourcesInput.NONE, 2, List.of());

    int first = start(a, input(List.of("agent.exe"), null, List.of(), ""), code -> {});
    int second = start(b, input(List.of("agent.exe"), "bin", List.of(), ""), code -> {});

    assertEquals(tmp.resolve("hpc").resolve(a) + "/", process(first).workingDir());
    assertEquals(tmp.resolve("hpc").resolve(b) + "/bin", process(second).workingDir());
    assertEquals("C:\\Windows\\system32;" + tmp.resolve("hpc").resolve(a) + "/",
        process(first).environment().get("Path"));
  }

  @Test
  void start_deliversTheExitCodeOnce() throws Exception {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    List<Integer> codes = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> exited = new CompletableFuture<>();

    start(id, input(List.of("cmd", "/c", "exit", "3"), null, List.of(), ""), code -> {
      codes.add(code);
      exited.complete(code);
    });

    assertEquals(3, exited.get(10, TimeUnit.SECONDS));
    hpc.stop(id, Duration.ofSeconds(5));
    hpc.remove(id);
    assertEquals(List.of(3), codes);
  }

  @Test
  void start_twiceIsRefused() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    start(id, input(List.of("agent.exe"), null, List.of(), ""), code -> {});

    assertThrows(FailedPreconditionException.class,
        () -> start(id, input(List.of("agent.exe"), null, List.of(), ""), code -> {}));
  }

  @Test
  void start_failingCreateProcessLeavesNoHandleButTheJob() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    jobs.failNext("CreateProcessW", 2);

    assertThrows(HcsException.class, () -> start(id, input(List.of("agent.exe"), null, List.of(), ""), code -> {}));

    assertEquals(1, jobs.openHandles().size(), jobs.openHandles().toString());
    assertTrue(jobs.openHandles().getFirst().startsWith("JOB"));
  }

  @Test
  void start_failingAssignTerminatesTheProcessAndClosesItsHandles() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    jobs.failNext("AssignProcessToJobObject", 5);

    assertThrows(HcsException.class, () -> start(id, input(List.of("agent.exe"), null, List.of(), ""), code -> {}));

    assertEquals(1, jobs.openHandles().size(), jobs.openHandles().toString());
    assertEquals(1, jobs.processes().getFirst().exitCode());
  }

  // ---- users

  @ParameterizedTest
  @ValueSource(strings = {"NT AUTHORITY\\SYSTEM", "nt authority\\Local service", "NT AUTHORITY\\LocalService",
      "NT AUTHORITY\\NetworkService", "NT AUTHORITY\\Network Service"})
  void start_runsServiceAccountsThroughAServiceLogon(String user) {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());

    int pid = start(id, input(List.of("agent.exe"), null, List.of(), user), code -> {});

    Call logon = jobs.calls("LogonUserW").getFirst();
    String account = user.toLowerCase().contains("system") ? "SYSTEM"
        : user.toLowerCase().contains("local") ? "LocalService" : "NetworkService";
    assertEquals(List.of(account, "NT AUTHORITY"), logon.args().subList(0, 2));
    assertNull(logon.args().get(2));
    assertEquals(List.of(JobApi.Logon.LOGON32_LOGON_SERVICE, JobApi.Logon.LOGON32_PROVIDER_DEFAULT),
        logon.args().subList(3, 5));
    assertEquals("NT AUTHORITY\\" + account, process(pid).user());
    assertEquals(1, jobs.calls("CreateProcessAsUserW").size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ContainerAdministrator", "ContainerUser", "BUILTIN\\Administrators", "CORP\\alice",
      "NT AUTHORITY\\Anonymous Logon"})
  void start_refusesOtherUsersNamingTheSupportedOnes(String user) {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> start(id, input(List.of("agent.exe"), null, List.of(), user), code -> {}));

    assertTrue(e.getMessage().contains(user), e.getMessage());
    assertTrue(e.getMessage().contains(
        "NT AUTHORITY\\SYSTEM, NT AUTHORITY\\LocalService, NT AUTHORITY\\NetworkService"), e.getMessage());
    assertEquals(List.of(), jobs.processes());
  }

  @Test
  void start_failingLogonClosesEverything() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    jobs.failNext("LogonUserW", 1326);

    assertThrows(HcsException.class,
        () -> start(id, input(List.of("agent.exe"), null, List.of(), "NT AUTHORITY\\SYSTEM"), code -> {}));

    assertEquals(1, jobs.openHandles().size(), jobs.openHandles().toString());
  }

  // ---- stop

  @Test
  void stop_sendsCtrlBreakToTheProcessGroupFirst() throws Exception {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    int pid = start(id, input(List.of("agent.exe"), null, List.of(), ""), exited::complete);

    hpc.stop(id, Duration.ofSeconds(30));

    assertEquals(FakeJobs.STATUS_CONTROL_C_EXIT, exited.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(JobApi.CTRL_BREAK_EVENT, pid), jobs.calls("GenerateConsoleCtrlEvent").getFirst().args());
  }

  @Test
  void stop_terminatesTheJobWhenTheTimeoutPasses() throws Exception {
    jobs.onCommand(line -> line.contains("stubborn"), process -> {
      process.awaitSignal();
      Thread.sleep(Long.MAX_VALUE);
      return 0;
    });
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    start(id, input(List.of("stubborn.exe"), null, List.of(), ""), exited::complete);

    hpc.stop(id, Duration.ofMillis(50));

    assertEquals(JobObjectHostProcesses.TERMINATED, exited.get(10, TimeUnit.SECONDS));
    List<String> order = jobs.functions();
    int signal = order.indexOf("GenerateConsoleCtrlEvent");
    int terminate = order.indexOf("TerminateJobObject");
    assertTrue(signal >= 0 && terminate > signal, order.toString());
    assertEquals(JobObjectHostProcesses.TERMINATED, jobs.calls("TerminateJobObject").getFirst().args().get(1));
  }

  @Test
  void stop_terminatesAtOnceWhenTheEventCannotBeSent() throws Exception {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    start(id, input(List.of("agent.exe"), null, List.of(), ""), exited::complete);
    jobs.failNext("GenerateConsoleCtrlEvent", 6);

    hpc.stop(id, Duration.ofDays(1));

    assertEquals(JobObjectHostProcesses.TERMINATED, exited.get(10, TimeUnit.SECONDS));
  }

  @Test
  void stop_withNoTimeoutTerminatesWithoutAsking() throws Exception {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    start(id, input(List.of("agent.exe"), null, List.of(), ""), exited::complete);

    hpc.stop(id, Duration.ZERO);

    assertEquals(JobObjectHostProcesses.TERMINATED, exited.get(10, TimeUnit.SECONDS));
    assertTrue(jobs.calls("GenerateConsoleCtrlEvent").isEmpty());
  }

  @Test
  void stop_ofAMissingOrUnstartedContainerDoesNothing() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    int before = jobs.calls().size();

    hpc.stop(id, Duration.ofSeconds(1));
    hpc.stop(id(), Duration.ofSeconds(1));

    assertEquals(before, jobs.calls().size());
  }

  // ---- exec

  @Test
  void exec_capturesOutputAndExitCodeOfAProcessInTheSameJob() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    int init = start(id, input(List.of("agent.exe"), null, List.of("MODE=test"), ""), code -> {});

    ExecResult hello = hpc.exec(id, List.of("cmd", "/c", "echo", "hello"), Duration.ofSeconds(30));
    ExecResult seven = hpc.exec(id, List.of("cmd", "/c", "exit", "7"), Duration.ZERO);

    assertEquals(0, hello.exitCode());
    assertEquals("hello\r\n", hello.stdoutText());
    assertEquals("", hello.stderrText());
    assertFalse(hello.timedOut());
    assertEquals(7, seven.exitCode());
    FakeJobs.ProcessView exec = jobs.processes().stream().filter(p -> p.commandLine().equals("cmd /c echo hello"))
        .findFirst().orElseThrow();
    assertEquals("JobContainer_" + id, exec.job());
    assertEquals(process(init).environment(), exec.environment());
    assertEquals(process(init).workingDir(), exec.workingDir());
  }

  @Test
  void exec_runsAsTheEntrypointsAccount() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    start(id, input(List.of("agent.exe"), null, List.of(), "NT AUTHORITY\\NetworkService"), code -> {});

    ExecResult result = hpc.exec(id, List.of("cmd", "/c", "echo", "hi"), Duration.ofSeconds(30));

    assertEquals("hi\r\n", result.stdoutText());
    assertEquals(2, jobs.calls("LogonUserW").size());
    FakeJobs.ProcessView exec = jobs.processes().getLast();
    assertEquals("NT AUTHORITY\\NetworkService", exec.user());
  }

  @Test
  void exec_keepsTheFirst16MiBOfOutput() {
    jobs.onCommand(line -> line.equals("chatty.exe"), process -> {
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'x');
      for (int i = 0; i < 17; i++) {
        process.stdout().write(chunk);
      }
      process.stderr().write("done".getBytes());
      return 0;
    });
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    start(id, input(List.of("agent.exe"), null, List.of(), ""), code -> {});

    ExecResult result = hpc.exec(id, List.of("chatty.exe"), Duration.ofMinutes(1));

    assertEquals(16 * 1024 * 1024, result.stdout().length);
    assertArrayEquals("done".getBytes(), result.stderr());
    assertEquals(0, result.exitCode());
  }

  @Test
  void exec_pastTheTimeoutIsKilledAndDeadlineExceeded() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    start(id, input(List.of("agent.exe"), null, List.of(), ""), code -> {});

    assertThrows(DeadlineExceededException.class, () -> hpc.exec(id, List.of("sleeper.exe"), Duration.ofMillis(50)));

    FakeJobs.ProcessView sleeper = jobs.processes().stream().filter(p -> p.commandLine().equals("sleeper.exe"))
        .findFirst().orElseThrow();
    assertEquals(JobObjectHostProcesses.TERMINATED, sleeper.exitCode());
  }

  @Test
  void exec_inAContainerNotStartedIsRefused() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());

    assertThrows(FailedPreconditionException.class, () -> hpc.exec(id, List.of("cmd"), Duration.ZERO));
  }

  // ---- stats

  @Test
  void stats_comeFromJobAccountingAndMemoryUsage() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());
    start(id, input(List.of("agent.exe"), null, List.of(), ""), code -> {});
    jobs.cpuTime("JobContainer_" + id, 1_000, 500);
    jobs.committedMemory("JobContainer_" + id, 67_108_864);

    WindowsStats stats = hpc.stats(id);

    assertEquals(new WindowsStats(1_796_115_600_123_456_789L, 150_000, 0, 67_108_864, 1), stats);
  }

  // ---- remove

  @Test
  void remove_endsTheEntrypointAndTwiceIsFine() throws Exception {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of(new MountInput(hostDir.toString(), "C:\\data", false)));
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    start(id, input(List.of("agent.exe"), null, List.of(), ""), exited::complete);

    hpc.remove(id);
    int calls = jobs.calls().size();
    int storageCalls = windows.calls().size();
    hpc.remove(id);

    assertEquals(JobObjectHostProcesses.TERMINATED, exited.get(10, TimeUnit.SECONDS));
    assertEquals(calls, jobs.calls().size());
    assertEquals(storageCalls, windows.calls().size());
    assertFalse(Files.exists(tmp.resolve("hpc").resolve(id)));
    assertFalse(Files.exists(tmp.resolve("state").resolve(id)));
    assertTrue(Files.isDirectory(hostDir), "the mount's host directory stays");
    assertEquals(noJobs(), jobs.jobs());
  }

  @Test
  void remove_ofAPreparedContainerUnmountsIt() {
    String id = prepare(WindowsResourcesInput.NONE, 2, List.of());

    hpc.remove(id);

    assertEquals(Map.of(), jobs.mountPoints());
    assertEquals(1, windows.calls("DestroyLayer").size());
  }

  @Test
  void remove_takesApartWhatAPreviousDaemonLeftOnDisk() throws Exception {
    String id = id();
    LayerStorage storage = new LayerStorage(windows.natives());
    Path scratch = Files.createDirectories(tmp.resolve("state").resolve(id)).resolve("scratch");
    storage.createScratch(scratch, List.of(layer));
    String volume = storage.mountScratch(scratch, List.of(layer));
    Path mountPoint = Files.createDirectories(tmp.resolve("hpc").resolve(id));
    assertTrue(jobs.SetVolumeMountPointW(new WString(mountPoint + "/"), new WString(volume)));

    hpc.remove(id);

    assertEquals(Map.of(), jobs.mountPoints());
    assertFalse(Files.exists(mountPoint));
    assertFalse(Files.exists(scratch.getParent()));
  }

  // ---- helpers

  private String prepare(WindowsResourcesInput resources, int hostCpus, List<MountInput> mounts) {
    String id = id();
    hpc.prepare(id, List.of(layer), mounts, resources, hostCpus);
    return id;
  }

  private int start(String id, ProcessInput input, java.util.function.IntConsumer onExit) {
    return hpc.start(id, input, tmp.resolve("hpc").resolve(id) + "/", onExit);
  }

  private static ProcessInput input(List<String> args, String workingDir, List<String> env, String user) {
    return new ProcessInput(args, false, workingDir, user, env, false, false, 0, 0);
  }

  private FakeJobs.ProcessView process(int pid) {
    return jobs.processes().stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
  }

  private String id() {
    String id = "hpc" + suffix();
    made.add(id);
    return id;
  }

  private static String suffix() {
    byte[] bytes = new byte[6];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static java.util.Set<String> noJobs() {
    return java.util.Set.of();
  }

  /** Every layer activated was deactivated, every one prepared unprepared. */
  private void assertNothingMounted() {
    assertEquals(paths("ActivateLayer"), paths("DeactivateLayer"));
    assertEquals(paths("PrepareLayer"), paths("UnprepareLayer"));
  }

  private List<String> paths(String function) {
    return windows.calls(function).stream().map(c -> c.text(1)).sorted().toList();
  }
}

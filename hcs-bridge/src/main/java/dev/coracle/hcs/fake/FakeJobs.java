package dev.coracle.hcs.fake;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.hcs.nativeapi.JobAccountingInformation;
import dev.coracle.hcs.nativeapi.JobApi;
import dev.coracle.hcs.nativeapi.JobCpuRateInformation;
import dev.coracle.hcs.nativeapi.JobLimitInformation;
import dev.coracle.hcs.nativeapi.JobMemoryUsageInformation;
import dev.coracle.hcs.nativeapi.ProcessInformation;
import dev.coracle.hcs.nativeapi.SecurityAttributes;
import dev.coracle.hcs.nativeapi.StartupInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A recording fake of {@link JobApi} and {@link JobApi.Logon}: a small model of a Windows host's
 * job objects, processes, anonymous pipes, service logons and volume mount points, for the
 * HostProcess containers of WINDOWS.md §6 on Linux.
 *
 * <p>What it models: named jobs that live while a handle is open (with kill-on-close their
 * processes end with the last one), their limits as set, scripted accounting and memory;
 * processes created suspended or not, assigned to a job, run on resume by the behaviour their
 * command line picks ({@link #onCommand}; by default {@code cmd /c echo X} writes {@code X\r\n}
 * and exits 0, {@code cmd /c exit N} exits N, anything else runs until a {@code CTRL_BREAK}
 * to its process group, exit code {@link #STATUS_CONTROL_C_EXIT}, or until terminated with
 * the code given); pipes whose write end is gone only when the host's handle and every child's
 * copy are (so a forgotten handle keeps a reader waiting, as on Windows); service logons of
 * SYSTEM, LocalService and NetworkService only; mount points as directories whose contents
 * leave with the volume.
 *
 * <p>What it checks, as violations: a handle unknown, closed twice, used after close, of the
 * wrong kind, or closed while a call uses it; a child that would inherit a handle other than
 * its stdio; a process put in a job after it ran; a malformed command line, environment block
 * (unterminated, unsorted, without {@code CREATE_UNICODE_ENVIRONMENT}) or {@code STARTUPINFOW}
 * size; a structure length that is not the structure's size; {@code CTRL_C_EVENT} to a group
 * (Windows ignores it); mount paths without their trailing backslash.
 */
public final class FakeJobs implements JobApi, JobApi.Logon {

  /** Exit code of a default process ended by a console control event. */
  public static final int STATUS_CONTROL_C_EXIT = CommandScripts.STATUS_CONTROL_C_EXIT;
  /** Exit code of the processes a closing kill-on-close job ends. */
  public static final int KILLED_ON_CLOSE_EXIT_CODE = 1;

  static final int ERROR_FILE_NOT_FOUND = 2;
  static final int ERROR_PATH_NOT_FOUND = 3;
  static final int ERROR_ACCESS_DENIED = 5;
  static final int ERROR_INVALID_HANDLE = 6;
  static final int ERROR_BAD_LENGTH = 24;
  static final int ERROR_INVALID_PARAMETER = 87;
  static final int ERROR_INVALID_NAME = 123;
  static final int ERROR_DIR_NOT_EMPTY = 145;
  static final int ERROR_LOGON_FAILURE = 1326;
  static final int ERROR_NOT_A_REPARSE_POINT = 4390;

  private static final Pattern VOLUME = Pattern.compile("\\\\\\\\\\?\\\\Volume\\{[^}]+}\\\\");
  private static final Set<String> SERVICE_USERS = Set.of("system", "localservice", "networkservice");

  enum Kind { JOB, PROCESS, THREAD, PIPE_READ, PIPE_WRITE, TOKEN }

  /** A pipe and how many handles (the host's and children's copies) hold each end. */
  static final class PipeState {
    private final FakePipe pipe = new FakePipe();
    private int readers = 1;
    private int writers = 1;

    FakePipe pipe() {
      return pipe;
    }
  }

  /** A job object of the model. */
  static final class Job {
    final String name;
    int handles = 1;
    int limitFlags;
    long jobMemoryLimit;
    int cpuFlags;
    int cpuValue;
    long userTime;
    long kernelTime;
    long committed;
    final List<FakeJobProcess> processes = new ArrayList<>();

    Job(String name) {
      this.name = name;
    }
  }

  private static final class Entry {
    final Kind kind;
    final Object target;
    final String openedBy;
    boolean open = true;
    boolean inheritable;
    int users;

    Entry(Kind kind, Object target, String openedBy, boolean inheritable) {
      this.kind = kind;
      this.target = target;
      this.openedBy = openedBy;
      this.inheritable = inheritable;
    }
  }

  private record Rule(String function, Predicate<Call> when, int error) {}

  /** A job as a test sees it. */
  public record JobView(String name, int limitFlags, long jobMemoryLimit, int cpuControlFlags, int cpuValue,
      List<Integer> pids) {}

  /** A process as a test sees it; {@code exitCode} null while it runs. */
  public record ProcessView(int pid, String commandLine, Map<String, String> environment, String workingDir,
      String user, String job, int creationFlags, Integer exitCode) {}

  private long nextHandle = 0x2000;
  private int nextPid = 4100;
  private final Map<Long, Entry> handles = new LinkedHashMap<>();
  private final Map<String, Job> jobs = new HashMap<>();
  private final List<FakeJobProcess> processes = new ArrayList<>();
  private final Map<String, String> mountPoints = new LinkedHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<String, Deque<Integer>> failures = new HashMap<>();
  private final CommandScripts scripts = new CommandScripts();
  private final List<Rule> rules = new ArrayList<>();
  private final ThreadLocal<Integer> lastError = ThreadLocal.withInitial(() -> 0);

  // ---- the record and scripting

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<Call> calls(String function) {
    return calls.stream().filter(c -> c.function().equals(function)).toList();
  }

  /** The functions called, in order. */
  public synchronized List<String> functions() {
    return calls.stream().map(Call::function).toList();
  }

  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  public synchronized void assertNoViolations() {
    if (!violations.isEmpty()) {
      throw new AssertionError("job API violations:\n  " + String.join("\n  ", violations));
    }
  }

  public synchronized List<String> openHandles() {
    List<String> open = new ArrayList<>();
    handles.forEach((value, e) -> {
      if (e.open) {
        open.add(e.kind + " handle 0x" + Long.toHexString(value) + " from " + e.openedBy);
      }
    });
    return open;
  }

  public void assertNoOpenHandles() {
    List<String> open = openHandles();
    if (!open.isEmpty()) {
      throw new AssertionError("handles still open:\n  " + String.join("\n  ", open));
    }
  }

  /** The next call of {@code function} fails with Win32 error {@code error}, doing nothing. */
  public synchronized void failNext(String function, int error) {
    failures.computeIfAbsent(function, f -> new ArrayDeque<>()).addLast(error);
  }

  /**
   * Every call of {@code function} that {@code when} accepts (as recorded: handles as numbers,
   * strings as text) fails with {@code error}, after any {@link #failNext} of it.
   */
  public synchronized void failOn(String function, Predicate<Call> when, int error) {
    rules.add(new Rule(function, when, error));
  }

  /** Processes whose command line {@code commandLine} accepts run {@code behaviour}; the latest registration wins. */
  public void onCommand(Predicate<String> commandLine, ProcessBehaviour behaviour) {
    scripts.add(commandLine, behaviour);
  }

  // ---- the model as tests see it

  /** The live job of that name. */
  public synchronized Optional<JobView> job(String name) {
    Job job = jobs.get(name);
    return job == null ? Optional.empty() : Optional.of(new JobView(job.name, job.limitFlags, job.jobMemoryLimit,
        job.cpuFlags, job.cpuValue, job.processes.stream().map(p -> p.pid).toList()));
  }

  /** Names of the jobs with an open handle. */
  public synchronized Set<String> jobs() {
    return new TreeSet<>(jobs.keySet());
  }

  public synchronized List<ProcessView> processes() {
    return processes.stream().map(p -> new ProcessView(p.pid, p.commandLine, p.environment, p.workingDir, p.user,
        p.job == null ? null : p.job.name, p.creationFlags, p.exitCode())).toList();
  }

  /** Processes still running. */
  public synchronized List<ProcessView> running() {
    return processes().stream().filter(p -> p.exitCode() == null).toList();
  }

  /** What job accounting reports: CPU times in 100 ns units. */
  public synchronized void cpuTime(String jobName, long user100ns, long kernel100ns) {
    Job job = jobs.get(jobName);
    job.userTime = user100ns;
    job.kernelTime = kernel100ns;
  }

  public synchronized void committedMemory(String jobName, long bytes) {
    jobs.get(jobName).committed = bytes;
  }

  /** Mount point → volume, for the volumes mounted now. */
  public synchronized Map<String, String> mountPoints() {
    return Map.copyOf(mountPoints);
  }

  // ---- jobs

  @Override
  public synchronized Pointer CreateJobObjectW(SecurityAttributes jobAttributes, WString name) {
    record("CreateJobObjectW", jobAttributes, name);
    if (failing("CreateJobObjectW")) {
      return null;
    }
    String key = name == null ? "unnamed-" + nextHandle : name.toString();
    Job job = jobs.get(key);
    if (job != null) {
      job.handles++;
      lastError.set(ERROR_ALREADY_EXISTS);
    } else {
      job = new Job(key);
      jobs.put(key, job);
      lastError.set(0);
    }
    return open(Kind.JOB, job, "CreateJobObjectW", false);
  }

  @Override
  public synchronized boolean SetInformationJobObject(Pointer handle, int infoClass, Structure info, int length) {
    record("SetInformationJobObject", handle, infoClass, info, length);
    Job job = target(handle, Kind.JOB, "SetInformationJobObject", Job.class);
    if (job == null) {
      return fail(ERROR_INVALID_HANDLE);
    }
    if (failing("SetInformationJobObject")) {
      return false;
    }
    if (!sized(info, length, "SetInformationJobObject")) {
      return fail(ERROR_BAD_LENGTH);
    }
    if (infoClass == JobObjectExtendedLimitInformation && info instanceof JobLimitInformation limits) {
      int known = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_JOB_MEMORY;
      if ((limits.LimitFlags & ~known) != 0
          || ((limits.LimitFlags & JOB_OBJECT_LIMIT_JOB_MEMORY) != 0 && limits.JobMemoryLimit <= 0)) {
        return fail(ERROR_INVALID_PARAMETER);
      }
      job.limitFlags = limits.LimitFlags;
      job.jobMemoryLimit = (limits.LimitFlags & JOB_OBJECT_LIMIT_JOB_MEMORY) != 0 ? limits.JobMemoryLimit : 0;
      return true;
    }
    if (infoClass == JobObjectCpuRateControlInformation && info instanceof JobCpuRateInformation cpu) {
      if (!validCpuRate(cpu)) {
        return fail(ERROR_INVALID_PARAMETER);
      }
      job.cpuFlags = cpu.ControlFlags;
      job.cpuValue = cpu.ControlFlags == 0 ? 0 : cpu.Value;
      return true;
    }
    violation("SetInformationJobObject: class " + infoClass + " with " + info.getClass().getSimpleName()
        + " is not modelled");
    return fail(ERROR_INVALID_PARAMETER);
  }

  @Override
  public synchronized boolean QueryInformationJobObject(Pointer handle, int infoClass, Structure info, int length,
      IntByReference returnLength) {
    record("QueryInformationJobObject", handle, infoClass, info, length, returnLength);
    Job job = target(handle, Kind.JOB, "QueryInformationJobObject", Job.class);
    if (job == null) {
      return fail(ERROR_INVALID_HANDLE);
    }
    if (failing("QueryInformationJobObject")) {
      return false;
    }
    if (!sized(info, length, "QueryInformationJobObject")) {
      return fail(ERROR_BAD_LENGTH);
    }
    if (infoClass == JobObjectBasicAccountingInformation && info instanceof JobAccountingInformation a) {
      a.TotalUserTime = job.userTime;
      a.TotalKernelTime = job.kernelTime;
      a.TotalProcesses = job.processes.size();
      a.ActiveProcesses = (int) job.processes.stream().filter(p -> !p.exited()).count();
      a.TotalTerminatedProcesses = job.processes.size() - a.ActiveProcesses;
    } else if (infoClass == JobObjectMemoryUsageInformation && info instanceof JobMemoryUsageInformation m) {
      m.JobMemory = job.committed;
      m.PeakJobMemoryUsed = job.committed;
    } else if (infoClass == JobObjectExtendedLimitInformation && info instanceof JobLimitInformation l) {
      l.LimitFlags = job.limitFlags;
      l.JobMemoryLimit = job.jobMemoryLimit;
      l.PeakJobMemoryUsed = job.committed;
    } else {
      violation("QueryInformationJobObject: class " + infoClass + " with " + info.getClass().getSimpleName()
          + " is not modelled");
      return fail(ERROR_INVALID_PARAMETER);
    }
    if (returnLength != null) {
      returnLength.setValue(length);
    }
    return true;
  }

  @Override
  public synchronized boolean AssignProcessToJobObject(Pointer jobHandle, Pointer processHandle) {
    record("AssignProcessToJobObject", jobHandle, processHandle);
    Job job = target(jobHandle, Kind.JOB, "AssignProcessToJobObject", Job.class);
    FakeJobProcess process = target(processHandle, Kind.PROCESS, "AssignProcessToJobObject", FakeJobProcess.class);
    if (job == null || process == null) {
      return fail(ERROR_INVALID_HANDLE);
    }
    if (failing("AssignProcessToJobObject")) {
      return false;
    }
    if (!process.suspended) {
      violation("AssignProcessToJobObject of pid " + process.pid + ", which already ran outside the job");
    }
    if (process.job != null) {
      return fail(ERROR_ACCESS_DENIED);
    }
    process.job = job;
    job.processes.add(process);
    return true;
  }

  @Override
  public boolean TerminateJobObject(Pointer handle, int exitCode) {
    List<FakeJobProcess> victims;
    synchronized (this) {
      record("TerminateJobObject", handle, exitCode);
      Job job = target(handle, Kind.JOB, "TerminateJobObject", Job.class);
      if (job == null) {
        return fail(ERROR_INVALID_HANDLE);
      }
      if (failing("TerminateJobObject")) {
        return false;
      }
      victims = List.copyOf(job.processes);
    }
    victims.forEach(p -> p.terminate(exitCode));
    return true;
  }

  // ---- processes

  @Override
  public boolean CreateProcessW(WString applicationName, char[] commandLine, SecurityAttributes processAttributes,
      SecurityAttributes threadAttributes, boolean inheritHandles, int creationFlags, char[] environment,
      WString currentDirectory, StartupInfo startupInfo, ProcessInformation processInformation) {
    return create("CreateProcessW", null, applicationName, commandLine, inheritHandles, creationFlags, environment,
        currentDirectory, startupInfo, processInformation);
  }

  @Override
  public boolean CreateProcessAsUserW(Pointer token, WString applicationName, char[] commandLine,
      SecurityAttributes processAttributes, SecurityAttributes threadAttributes, boolean inheritHandles,
      int creationFlags, char[] environment, WString currentDirectory, StartupInfo startupInfo,
      ProcessInformation processInformation) {
    return create("CreateProcessAsUserW", token, applicationName, commandLine, inheritHandles, creationFlags,
        environment, currentDirectory, startupInfo, processInformation);
  }

  private boolean create(String function, Pointer token, WString applicationName, char[] commandLine,
      boolean inheritHandles, int creationFlags, char[] environment, WString currentDirectory,
      StartupInfo startupInfo, ProcessInformation info) {
    FakeJobProcess process;
    synchronized (this) {
      record(function, token, applicationName, text(commandLine), inheritHandles, creationFlags, text(environment),
          currentDirectory, startupInfo, info);
      String user = null;
      if (token != null) {
        user = target(token, Kind.TOKEN, function, String.class);
        if (user == null) {
          return fail(ERROR_INVALID_HANDLE);
        }
      }
      if (failing(function)) {
        return false;
      }
      String line = commandLine(commandLine, function);
      Map<String, String> env = environment(environment, creationFlags, function);
      if (startupInfo.cb != startupInfo.size()) {
        violation(function + ": STARTUPINFOW.cb is " + startupInfo.cb + ", not " + startupInfo.size());
      }
      PipeState in = null;
      PipeState out = null;
      PipeState err = null;
      List<Long> stdio = new ArrayList<>();
      if ((startupInfo.dwFlags & STARTF_USESTDHANDLES) != 0) {
        in = childEnd(startupInfo.hStdInput, Kind.PIPE_READ, inheritHandles, function, stdio);
        out = childEnd(startupInfo.hStdOutput, Kind.PIPE_WRITE, inheritHandles, function, stdio);
        err = childEnd(startupInfo.hStdError, Kind.PIPE_WRITE, inheritHandles, function, stdio);
      }
      if (inheritHandles) {
        handles.forEach((value, e) -> {
          if (e.open && e.inheritable && !stdio.contains(value)) {
            violation(function + ": the child would inherit " + e.kind + " handle 0x" + Long.toHexString(value)
                + " from " + e.openedBy);
          }
        });
      }
      process = new FakeJobProcess(nextPid, line, env, currentDirectory == null ? null : currentDirectory.toString(),
          user, creationFlags, in, out, err, this::exited);
      nextPid += 4;
      processes.add(process);
      process.suspended = (creationFlags & CREATE_SUSPENDED) != 0;
      info.hProcess = open(Kind.PROCESS, process, function, false);
      info.hThread = open(Kind.THREAD, process, function, false);
      info.dwProcessId = process.pid;
      info.dwThreadId = process.pid + 1;
    }
    if (!process.suspended) {
      process.run(behaviourFor(process.commandLine));
    }
    return true;
  }

  @Override
  public int ResumeThread(Pointer thread) {
    FakeJobProcess process;
    synchronized (this) {
      record("ResumeThread", thread);
      process = target(thread, Kind.THREAD, "ResumeThread", FakeJobProcess.class);
      if (process == null) {
        fail(ERROR_INVALID_HANDLE);
        return -1;
      }
      if (failing("ResumeThread")) {
        return -1;
      }
      if (!process.suspended) {
        return 0;
      }
    }
    process.run(behaviourFor(process.commandLine));
    return 1;
  }

  @Override
  public boolean TerminateProcess(Pointer handle, int exitCode) {
    FakeJobProcess process;
    synchronized (this) {
      record("TerminateProcess", handle, exitCode);
      process = target(handle, Kind.PROCESS, "TerminateProcess", FakeJobProcess.class);
      if (process == null) {
        return fail(ERROR_INVALID_HANDLE);
      }
      if (failing("TerminateProcess")) {
        return false;
      }
    }
    if (process.exited()) {
      return fail(ERROR_ACCESS_DENIED);
    }
    process.terminate(exitCode);
    return true;
  }

  @Override
  public int WaitForSingleObject(Pointer handle, int milliseconds) {
    FakeJobProcess process;
    Entry entry;
    synchronized (this) {
      record("WaitForSingleObject", handle, milliseconds);
      process = target(handle, Kind.PROCESS, "WaitForSingleObject", FakeJobProcess.class);
      if (process == null) {
        fail(ERROR_INVALID_HANDLE);
        return WAIT_FAILED;
      }
      if (failing("WaitForSingleObject")) {
        return WAIT_FAILED;
      }
      entry = handles.get(Pointer.nativeValue(handle));
      entry.users++;
    }
    try {
      if (milliseconds == INFINITE) {
        process.exitFuture().join();
      } else {
        process.exitFuture().get(Integer.toUnsignedLong(milliseconds), TimeUnit.MILLISECONDS);
      }
      return WAIT_OBJECT_0;
    } catch (TimeoutException e) {
      return WAIT_TIMEOUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return WAIT_FAILED;
    } catch (java.util.concurrent.ExecutionException e) {
      return WAIT_FAILED;
    } finally {
      synchronized (this) {
        entry.users--;
      }
    }
  }

  @Override
  public synchronized boolean GetExitCodeProcess(Pointer handle, IntByReference exitCode) {
    record("GetExitCodeProcess", handle, exitCode);
    FakeJobProcess process = target(handle, Kind.PROCESS, "GetExitCodeProcess", FakeJobProcess.class);
    if (process == null) {
      return fail(ERROR_INVALID_HANDLE);
    }
    if (failing("GetExitCodeProcess")) {
      return false;
    }
    exitCode.setValue(process.exited() ? process.exitCode() : STILL_ACTIVE);
    return true;
  }

  @Override
  public boolean GenerateConsoleCtrlEvent(int ctrlEvent, int processGroupId) {
    FakeJobProcess leader;
    synchronized (this) {
      record("GenerateConsoleCtrlEvent", ctrlEvent, processGroupId);
      if (failing("GenerateConsoleCtrlEvent")) {
        return false;
      }
      if (ctrlEvent == CTRL_C_EVENT && processGroupId != 0) {
        violation("GenerateConsoleCtrlEvent: CTRL_C_EVENT to process group " + processGroupId
            + " (Windows ignores it; CTRL_BREAK_EVENT reaches a group)");
        return true;
      }
      leader = processes.stream().filter(p -> p.pid == processGroupId && !p.exited()).findFirst().orElse(null);
      if (leader == null || (leader.creationFlags & CREATE_NEW_PROCESS_GROUP) == 0) {
        return fail(ERROR_INVALID_PARAMETER);
      }
    }
    leader.signal("CtrlBreak");
    return true;
  }

  // ---- pipes and handles

  @Override
  public synchronized boolean CreatePipe(PointerByReference readPipe, PointerByReference writePipe,
      SecurityAttributes pipeAttributes, int size) {
    record("CreatePipe", readPipe, writePipe, pipeAttributes, size);
    if (failing("CreatePipe")) {
      return false;
    }
    boolean inherit = pipeAttributes != null && pipeAttributes.bInheritHandle;
    if (pipeAttributes != null && pipeAttributes.nLength != pipeAttributes.size()) {
      violation("CreatePipe: SECURITY_ATTRIBUTES.nLength is " + pipeAttributes.nLength);
    }
    PipeState pipe = new PipeState();
    readPipe.setValue(open(Kind.PIPE_READ, pipe, "CreatePipe", inherit));
    writePipe.setValue(open(Kind.PIPE_WRITE, pipe, "CreatePipe", inherit));
    return true;
  }

  @Override
  public synchronized boolean SetHandleInformation(Pointer handle, int mask, int flags) {
    record("SetHandleInformation", handle, mask, flags);
    Entry entry = check(handle, null, "SetHandleInformation");
    if (entry == null) {
      return fail(ERROR_INVALID_HANDLE);
    }
    if (failing("SetHandleInformation")) {
      return false;
    }
    if ((mask & HANDLE_FLAG_INHERIT) != 0) {
      entry.inheritable = (flags & HANDLE_FLAG_INHERIT) != 0;
    }
    return true;
  }

  @Override
  public boolean ReadFile(Pointer file, byte[] buffer, int bytesToRead, IntByReference bytesRead, Pointer overlapped) {
    PipeState pipe;
    Entry entry;
    synchronized (this) {
      record("ReadFile", file, buffer, bytesToRead, bytesRead, overlapped);
      pipe = target(file, Kind.PIPE_READ, "ReadFile", PipeState.class);
      if (pipe == null) {
        return fail(ERROR_INVALID_HANDLE);
      }
      if (failing("ReadFile")) {
        return false;
      }
      entry = handles.get(Pointer.nativeValue(file));
      entry.users++;
    }
    try {
      int n = pipe.pipe.read(buffer, 0, Math.min(bytesToRead, buffer.length));
      if (n < 0) {
        bytesRead.setValue(0);
        return fail(ERROR_BROKEN_PIPE);
      }
      bytesRead.setValue(n);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(ERROR_BROKEN_PIPE);
    } finally {
      synchronized (this) {
        entry.users--;
      }
    }
  }

  @Override
  public boolean CloseHandle(Pointer handle) {
    List<FakeJobProcess> victims = List.of();
    synchronized (this) {
      record("CloseHandle", handle);
      Entry entry = check(handle, null, "CloseHandle");
      if (entry == null) {
        return fail(ERROR_INVALID_HANDLE);
      }
      if (entry.users > 0) {
        violation("CloseHandle of " + entry.kind + " handle " + hex(handle) + " while a call was using it");
      }
      entry.open = false;
      switch (entry.kind) {
        case JOB -> {
          Job job = (Job) entry.target;
          if (--job.handles == 0) {
            jobs.remove(job.name);
            if ((job.limitFlags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) != 0) {
              victims = List.copyOf(job.processes);
            }
          }
        }
        case PIPE_READ -> release((PipeState) entry.target, true);
        case PIPE_WRITE -> release((PipeState) entry.target, false);
        default -> { }
      }
    }
    victims.forEach(p -> p.terminate(KILLED_ON_CLOSE_EXIT_CODE));
    return true;
  }

  // ---- logons

  @Override
  public synchronized boolean LogonUserW(WString user, WString domain, WString password, int logonType,
      int logonProvider, PointerByReference token) {
    record("LogonUserW", user, domain, password == null ? null : "<password>", logonType, logonProvider, token);
    if (failing("LogonUserW")) {
      return false;
    }
    boolean service = logonType == LOGON32_LOGON_SERVICE && logonProvider == LOGON32_PROVIDER_DEFAULT
        && domain != null && domain.toString().equalsIgnoreCase("NT AUTHORITY") && user != null
        && SERVICE_USERS.contains(user.toString().toLowerCase(Locale.ROOT));
    if (!service) {
      return fail(ERROR_LOGON_FAILURE);
    }
    token.setValue(open(Kind.TOKEN, "NT AUTHORITY\\" + user, "LogonUserW", false));
    return true;
  }

  // ---- volume mount points

  @Override
  public synchronized boolean SetVolumeMountPointW(WString volumeMountPoint, WString volumeName) {
    record("SetVolumeMountPointW", volumeMountPoint, volumeName);
    if (failing("SetVolumeMountPointW")) {
      return false;
    }
    String mountPoint = volumeMountPoint.toString();
    if (!mountPoint.endsWith("\\") && !mountPoint.endsWith("/")) {
      violation("SetVolumeMountPointW: mount point " + mountPoint + " lacks its trailing backslash");
      return fail(ERROR_INVALID_NAME);
    }
    if (!VOLUME.matcher(volumeName.toString()).matches()) {
      violation("SetVolumeMountPointW: " + volumeName + " is not a volume GUID path with a trailing backslash");
      return fail(ERROR_INVALID_NAME);
    }
    Path dir = Path.of(mountPoint);
    if (!Files.isDirectory(dir)) {
      return fail(ERROR_PATH_NOT_FOUND);
    }
    if (mountPoints.containsKey(mountPoint) || !isEmpty(dir)) {
      return fail(ERROR_DIR_NOT_EMPTY);
    }
    mountPoints.put(mountPoint, volumeName.toString());
    return true;
  }

  @Override
  public synchronized boolean DeleteVolumeMountPointW(WString volumeMountPoint) {
    record("DeleteVolumeMountPointW", volumeMountPoint);
    if (failing("DeleteVolumeMountPointW")) {
      return false;
    }
    String mountPoint = volumeMountPoint.toString();
    if (mountPoints.remove(mountPoint) == null) {
      return fail(ERROR_NOT_A_REPARSE_POINT);
    }
    // What was written there is on the volume, and leaves with it.
    try (Stream<Path> walk = Files.walk(Path.of(mountPoint))) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(Path.of(mountPoint))) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      violation("DeleteVolumeMountPointW: the fake could not empty " + mountPoint + ": " + e);
    }
    return true;
  }

  @Override
  public int lastError() {
    return lastError.get();
  }

  // ---- helpers

  ProcessBehaviour behaviourFor(String commandLine) {
    return scripts.behaviourFor(commandLine);
  }


  /** A process ended: its copies of its pipe ends go. */
  private synchronized void exited(FakeJobProcess process) {
    if (process.stdin != null) {
      release(process.stdin, true);
    }
    if (process.stdout != null) {
      release(process.stdout, false);
    }
    if (process.stderr != null) {
      release(process.stderr, false);
    }
  }

  private PipeState childEnd(Pointer handle, Kind kind, boolean inherit, String function, List<Long> stdio) {
    if (handle == null) {
      return null;
    }
    Entry entry = check(handle, kind, function);
    if (entry == null) {
      return null;
    }
    if (!inherit || !entry.inheritable) {
      violation(function + ": stdio handle " + hex(handle) + " is not inheritable, so the child cannot use it");
    }
    stdio.add(Pointer.nativeValue(handle));
    PipeState pipe = (PipeState) entry.target;
    if (kind == Kind.PIPE_READ) {
      pipe.readers++;
    } else {
      pipe.writers++;
    }
    return pipe;
  }

  private void release(PipeState pipe, boolean reader) {
    if (reader) {
      if (--pipe.readers == 0) {
        pipe.pipe.closeReader();
      }
    } else if (--pipe.writers == 0) {
      pipe.pipe.closeWriter();
    }
  }

  private String commandLine(char[] chars, String function) {
    if (chars == null || chars.length == 0 || chars[chars.length - 1] != '\0') {
      violation(function + ": the command line is not a NUL-terminated writable buffer");
      return chars == null ? "" : new String(chars);
    }
    return new String(chars, 0, chars.length - 1);
  }

  private Map<String, String> environment(char[] block, int flags, String function) {
    Map<String, String> env = new LinkedHashMap<>();
    if (block == null) {
      return env;
    }
    if ((flags & CREATE_UNICODE_ENVIRONMENT) == 0) {
      violation(function + ": a UTF-16 environment block without CREATE_UNICODE_ENVIRONMENT");
    }
    String text = new String(block);
    if (!text.endsWith("\0\0")) {
      violation(function + ": the environment block does not end with two NULs");
      return env;
    }
    String previous = null;
    for (String entry : text.substring(0, text.length() - 2).split("\0")) {
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=', 1);
      String name = eq < 0 ? entry : entry.substring(0, eq);
      if (previous != null && String.CASE_INSENSITIVE_ORDER.compare(previous, name) >= 0) {
        violation(function + ": the environment block is not sorted by name (" + previous + " before " + name + ")");
      }
      previous = name;
      env.put(name, eq < 0 ? "" : entry.substring(eq + 1));
    }
    return env;
  }

  private boolean sized(Structure info, int length, String function) {
    if (info == null || info.size() != length) {
      violation(function + ": length " + length + " is not the size of " + (info == null ? "NULL"
          : info.getClass().getSimpleName() + " (" + info.size() + ")"));
      return false;
    }
    return true;
  }

  private static boolean validCpuRate(JobCpuRateInformation cpu) {
    int flags = cpu.ControlFlags;
    if (flags == 0) {
      return true;
    }
    if ((flags & JOB_OBJECT_CPU_RATE_CONTROL_ENABLE) == 0) {
      return false;
    }
    boolean weight = (flags & JOB_OBJECT_CPU_RATE_CONTROL_WEIGHT_BASED) != 0;
    boolean cap = (flags & JOB_OBJECT_CPU_RATE_CONTROL_HARD_CAP) != 0;
    if (weight && cap) {
      return false;
    }
    return weight ? cpu.Value >= 1 && cpu.Value <= 9 : cpu.Value >= 1 && cpu.Value <= 10_000;
  }

  private Pointer open(Kind kind, Object target, String function, boolean inheritable) {
    long value = nextHandle;
    nextHandle += 4;
    handles.put(value, new Entry(kind, target, function, inheritable));
    return Pointer.createConstant(value);
  }

  private <T> T target(Pointer handle, Kind kind, String function, Class<T> type) {
    Entry entry = check(handle, kind, function);
    return entry == null ? null : type.cast(entry.target);
  }

  /** The open entry of {@code handle}, of {@code kind} unless null; a violation and null otherwise. */
  private Entry check(Pointer handle, Kind kind, String function) {
    if (handle == null) {
      violation(function + " was given a NULL handle");
      return null;
    }
    Entry entry = handles.get(Pointer.nativeValue(handle));
    if (entry == null) {
      violation(function + " was given unknown handle " + hex(handle));
      return null;
    }
    if (!entry.open) {
      violation(function + " was given closed " + entry.kind + " handle " + hex(handle));
      return null;
    }
    if (kind != null && entry.kind != kind) {
      violation(function + " was given a " + entry.kind + " handle where a " + kind + " handle belongs");
      return null;
    }
    return entry;
  }

  /** Whether the call just recorded is to fail; sets the last error if so. */
  private boolean failing(String function) {
    Deque<Integer> queued = failures.get(function);
    if (queued != null && !queued.isEmpty()) {
      lastError.set(queued.removeFirst());
      return true;
    }
    Call call = calls.getLast();
    for (Rule rule : rules) {
      if (rule.function().equals(function) && rule.when().test(call)) {
        lastError.set(rule.error());
        return true;
      }
    }
    return false;
  }

  private boolean fail(int error) {
    lastError.set(error);
    return false;
  }

  private void violation(String text) {
    violations.add(text);
  }

  private void record(String function, Object... args) {
    List<Object> converted = new ArrayList<>();
    for (Object arg : args) {
      converted.add(convert(arg));
    }
    calls.add(new Call(function, converted));
  }

  private static Object convert(Object arg) {
    if (arg instanceof WString text) {
      return text.toString();
    }
    if (arg instanceof Pointer pointer) {
      return Pointer.nativeValue(pointer);
    }
    if (arg instanceof Structure || arg instanceof com.sun.jna.ptr.ByReference) {
      return "out";
    }
    if (arg instanceof byte[] bytes) {
      return bytes.length;
    }
    return arg;
  }

  private static String text(char[] chars) {
    return chars == null ? null : new String(chars);
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static String hex(Pointer pointer) {
    return "0x" + Long.toHexString(Pointer.nativeValue(pointer));
  }
}

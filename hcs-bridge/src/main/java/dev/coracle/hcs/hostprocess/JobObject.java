package dev.coracle.hcs.hostprocess;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import dev.coracle.core.error.AlreadyExistsException;
import dev.coracle.hcs.document.JobLimits;
import dev.coracle.hcs.nativeapi.JobAccountingInformation;
import dev.coracle.hcs.nativeapi.JobApi;
import dev.coracle.hcs.nativeapi.JobCpuRateInformation;
import dev.coracle.hcs.nativeapi.JobLimitInformation;
import dev.coracle.hcs.nativeapi.JobMemoryUsageInformation;

/**
 * One HostProcess container's job object (WINDOWS.md §6): named {@code JobContainer_<id>},
 * its processes killed when the last handle closes, so a daemon that dies takes its
 * containers with it. Limits per §8 through {@link JobLimits}. Not thread-safe: its owner
 * serialises calls and the close.
 */
final class JobObject implements AutoCloseable {

  private final JobApi api;
  private final String name;
  private Pointer handle;

  private JobObject(JobApi api, String name, Pointer handle) {
    this.api = api;
    this.name = name;
    this.handle = handle;
  }

  /** A new job; a job of that name held elsewhere is refused rather than shared. */
  static JobObject create(JobApi api, String name) {
    Pointer handle = api.CreateJobObjectW(null, new WString(name));
    if (handle == null) {
      throw Win32.failure(api, "CreateJobObjectW");
    }
    if (api.lastError() == JobApi.ERROR_ALREADY_EXISTS) {
      Win32.close(api, handle);
      throw new AlreadyExistsException("job object " + name + " already exists");
    }
    return new JobObject(api, name, handle);
  }

  String name() {
    return name;
  }

  /**
   * Kill-on-close, the memory limit when there is one, then CPU rate control: a hard cap for
   * a rate, a weight for shares. {@code always} also writes rate control when there is no
   * CPU limit, turning a previous one off (an update); at creation there is none to undo.
   */
  void limit(JobLimits limits, boolean always) {
    JobLimitInformation info = new JobLimitInformation();
    info.LimitFlags = JobApi.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (limits.memoryLimitBytes() > 0) {
      info.LimitFlags |= JobApi.JOB_OBJECT_LIMIT_JOB_MEMORY;
      info.JobMemoryLimit = limits.memoryLimitBytes();
    }
    Win32.check(api, api.SetInformationJobObject(open(), JobApi.JobObjectExtendedLimitInformation, info, info.size()),
        "SetInformationJobObject");
    JobCpuRateInformation cpu = new JobCpuRateInformation();
    if (limits.cpuRate() > 0) {
      cpu.ControlFlags = JobApi.JOB_OBJECT_CPU_RATE_CONTROL_ENABLE | JobApi.JOB_OBJECT_CPU_RATE_CONTROL_HARD_CAP;
      cpu.Value = limits.cpuRate();
    } else if (limits.cpuWeight() > 0) {
      cpu.ControlFlags = JobApi.JOB_OBJECT_CPU_RATE_CONTROL_ENABLE | JobApi.JOB_OBJECT_CPU_RATE_CONTROL_WEIGHT_BASED;
      cpu.Value = limits.cpuWeight();
    } else if (!always) {
      return;
    }
    Win32.check(api, api.SetInformationJobObject(open(), JobApi.JobObjectCpuRateControlInformation, cpu, cpu.size()),
        "SetInformationJobObject");
  }

  void assign(Pointer process) {
    Win32.check(api, api.AssignProcessToJobObject(open(), process), "AssignProcessToJobObject");
  }

  /** Ends every process in the job with {@code exitCode}; nothing for a closed job. */
  void terminate(int exitCode) {
    if (handle != null) {
      Win32.check(api, api.TerminateJobObject(handle, exitCode), "TerminateJobObject");
    }
  }

  /** CPU time of all processes ever in the job (100 ns units) and the processes running now. */
  Accounting accounting() {
    JobAccountingInformation info = new JobAccountingInformation();
    Win32.check(api, api.QueryInformationJobObject(open(), JobApi.JobObjectBasicAccountingInformation, info,
        info.size(), null), "QueryInformationJobObject");
    return new Accounting(info.TotalUserTime + info.TotalKernelTime, info.ActiveProcesses);
  }

  /** The job's committed memory, bytes. */
  long committedBytes() {
    JobMemoryUsageInformation info = new JobMemoryUsageInformation();
    Win32.check(api, api.QueryInformationJobObject(open(), JobApi.JobObjectMemoryUsageInformation, info, info.size(),
        null), "QueryInformationJobObject");
    return info.JobMemory;
  }

  boolean isOpen() {
    return handle != null;
  }

  /** Closes the handle once; with kill-on-close this ends whatever still runs in the job. */
  @Override
  public void close() {
    Pointer h = handle;
    handle = null;
    Win32.close(api, h);
  }

  Pointer open() {
    if (handle == null) {
      throw new IllegalStateException("job object " + name + " is closed");
    }
    return handle;
  }

  /** @param cpuTime100ns user plus kernel time */
  record Accounting(long cpuTime100ns, int activeProcesses) {}
}

package dev.coracle.hcs.nativeapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

/**
 * The job structures have their 64-bit Windows sizes. Linux x64 lays out these field types
 * (DWORD as int, SIZE_T and LARGE_INTEGER as long, pointers, BOOL as int) the same way.
 */
class JobApiStructuresTest {

  @Test
  void size_isTheX64Layout() {
    assertEquals(104, new StartupInfo().size());
    assertEquals(104, new StartupInfo().cb);
    assertEquals(24, new ProcessInformation().size());
    assertEquals(24, SecurityAttributes.inheritable(true).size());
    assertEquals(24, SecurityAttributes.inheritable(true).nLength);
    assertEquals(144, new JobLimitInformation().size());
    assertEquals(8, new JobCpuRateInformation().size());
    assertEquals(48, new JobAccountingInformation().size());
    assertEquals(16, new JobMemoryUsageInformation().size());
  }

  @Test
  void write_putsTheMembersWindowsReadsAtTheirOffsets() {
    StartupInfo startup = new StartupInfo();
    startup.dwFlags = JobApi.STARTF_USESTDHANDLES;
    startup.hStdInput = Pointer.createConstant(0x1111);
    startup.hStdError = Pointer.createConstant(0x3333);
    startup.write();
    assertEquals(JobApi.STARTF_USESTDHANDLES, startup.getPointer().getInt(60));
    assertEquals(0x1111, startup.getPointer().getLong(80));
    assertEquals(0x3333, startup.getPointer().getLong(96));

    JobLimitInformation limits = new JobLimitInformation();
    limits.LimitFlags = JobApi.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    limits.JobMemoryLimit = 0x4000_0000L;
    limits.write();
    assertEquals(JobApi.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, limits.getPointer().getInt(16));
    assertEquals(0x4000_0000L, limits.getPointer().getLong(120));

    ProcessInformation info = new ProcessInformation();
    info.getPointer().setInt(16, 4242);
    info.read();
    assertEquals(4242, info.dwProcessId);

    JobAccountingInformation accounting = new JobAccountingInformation();
    accounting.getPointer().setInt(40, 3);
    accounting.read();
    assertEquals(3, accounting.ActiveProcesses);
  }
}

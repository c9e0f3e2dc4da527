package dev.coracle.hcs.nativeapi;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code JOBOBJECT_BASIC_ACCOUNTING_INFORMATION} (class {@link JobApi#JobObjectBasicAccountingInformation}),
 * 48 bytes: times in 100 ns units, then counts.
 */
@FieldOrder({"TotalUserTime", "TotalKernelTime", "ThisPeriodTotalUserTime", "ThisPeriodTotalKernelTime",
    "TotalPageFaultCount", "TotalProcesses", "ActiveProcesses", "TotalTerminatedProcesses"})
public final class JobAccountingInformation extends Structure {

  public long TotalUserTime;
  public long TotalKernelTime;
  public long ThisPeriodTotalUserTime;
  public long ThisPeriodTotalKernelTime;
  public int TotalPageFaultCount;
  public int TotalProcesses;
  public int ActiveProcesses;
  public int TotalTerminatedProcesses;
}

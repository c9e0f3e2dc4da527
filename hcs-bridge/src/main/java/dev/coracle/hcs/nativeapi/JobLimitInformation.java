package dev.coracle.hcs.nativeapi;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code JOBOBJECT_EXTENDED_LIMIT_INFORMATION} (class {@link JobApi#JobObjectExtendedLimitInformation}),
 * 144 bytes on x64: {@code JOBOBJECT_BASIC_LIMIT_INFORMATION} (64), {@code IO_COUNTERS} (48,
 * reserved), then four {@code SIZE_T}s. The nested structures are inlined as their fields.
 */
@FieldOrder({"PerProcessUserTimeLimit", "PerJobUserTimeLimit", "LimitFlags", "MinimumWorkingSetSize",
    "MaximumWorkingSetSize", "ActiveProcessLimit", "Affinity", "PriorityClass", "SchedulingClass",
    "ReadOperationCount", "WriteOperationCount", "OtherOperationCount", "ReadTransferCount", "WriteTransferCount",
    "OtherTransferCount", "ProcessMemoryLimit", "JobMemoryLimit", "PeakProcessMemoryUsed", "PeakJobMemoryUsed"})
public final class JobLimitInformation extends Structure {

  public long PerProcessUserTimeLimit;
  public long PerJobUserTimeLimit;
  public int LimitFlags;
  public long MinimumWorkingSetSize;
  public long MaximumWorkingSetSize;
  public int ActiveProcessLimit;
  public long Affinity;
  public int PriorityClass;
  public int SchedulingClass;
  public long ReadOperationCount;
  public long WriteOperationCount;
  public long OtherOperationCount;
  public long ReadTransferCount;
  public long WriteTransferCount;
  public long OtherTransferCount;
  public long ProcessMemoryLimit;
  public long JobMemoryLimit;
  public long PeakProcessMemoryUsed;
  public long PeakJobMemoryUsed;
}

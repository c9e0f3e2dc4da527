package dev.coracle.hcs.nativeapi;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code JOBOBJECT_MEMORY_USAGE_INFORMATION} (class {@link JobApi#JobObjectMemoryUsageInformation}),
 * 16 bytes: the job's committed memory now and at its peak, bytes.
 */
@FieldOrder({"JobMemory", "PeakJobMemoryUsed"})
public final class JobMemoryUsageInformation extends Structure {

  public long JobMemory;
  public long PeakJobMemoryUsed;
}

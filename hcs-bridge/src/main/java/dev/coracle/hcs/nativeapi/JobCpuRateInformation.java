package dev.coracle.hcs.nativeapi;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code JOBOBJECT_CPU_RATE_CONTROL_INFORMATION} (class {@link JobApi#JobObjectCpuRateControlInformation}),
 * 8 bytes: {@code DWORD ControlFlags}, then the union of {@code CpuRate} (cycles per 10000, with
 * {@code HARD_CAP}) and {@code Weight} (1–9, with {@code WEIGHT_BASED}) as one {@code DWORD}.
 * {@code ControlFlags} 0 turns rate control off.
 */
@FieldOrder({"ControlFlags", "Value"})
public final class JobCpuRateInformation extends Structure {

  public int ControlFlags;
  /** {@code CpuRate} or {@code Weight}, by {@code ControlFlags}. */
  public int Value;
}

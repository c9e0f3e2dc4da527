package dev.coracle.hcs.document;

import dev.coracle.core.error.InvalidArgumentException;

/**
 * CRI {@code WindowsContainerResources} as plain numbers; null or 0 means unset, as in CRI
 * (WINDOWS.md §8). {@code cpuShares} is the Windows weight (1–10000), {@code cpuMaximum} cycles per
 * 10000 across all CPUs (1–10000), {@code cpuCount} CPUs.
 */
public record WindowsResourcesInput(
    Long cpuShares, Long cpuCount, Long cpuMaximum, Long memoryLimitBytes) {

  /** The HCS bound of Processor.Maximum and Processor.Weight (WINDOWS.md §8). */
  static final long CPU_RANGE = 10_000;

  public static final WindowsResourcesInput NONE =
      new WindowsResourcesInput(null, null, null, null);

  public WindowsResourcesInput {
    requireRange(cpuShares, CPU_RANGE, "cpu_shares");
    requireRange(cpuCount, Integer.MAX_VALUE, "cpu_count");
    requireRange(cpuMaximum, CPU_RANGE, "cpu_maximum");
    requireRange(memoryLimitBytes, Long.MAX_VALUE, "memory_limit_in_bytes");
  }

  private static void requireRange(Long value, long max, String name) {
    if (value != null && (value < 0 || value > max)) {
      throw new InvalidArgumentException(name + " must be between 0 and " + max + ", got " + value);
    }
  }

  /** Whether a value is set: CRI sends 0 for unset. */
  static boolean isSet(Long value) {
    return value != null && value != 0;
  }
}

package dev.coracle.core.container;

import java.util.List;

/**
 * CRI's {@code WindowsContainerResources}; a null field is not set. Count, maximum and shares
 * are alternatives: the backend uses one (WINDOWS.md §8).
 *
 * @param cpuShares relative weight
 * @param cpuCount the number of CPUs
 * @param cpuMaximum the share of all CPUs' cycles, in 1/10000
 * @param memoryLimitBytes the memory limit
 * @param rootfsSizeBytes the size of the writable layer
 * @param affinity CPU masks per processor group
 */
public record WindowsResources(Long cpuShares, Long cpuCount, Long cpuMaximum, Long memoryLimitBytes,
    Long rootfsSizeBytes, List<CpuAffinity> affinity) {

  public static final WindowsResources NONE = new WindowsResources(null, null, null, null, null, List.of());

  public WindowsResources {
    affinity = affinity == null ? List.of() : List.copyOf(affinity);
  }

  /** One processor group's mask of CPUs. */
  public record CpuAffinity(long cpuMask, int cpuGroup) {}
}

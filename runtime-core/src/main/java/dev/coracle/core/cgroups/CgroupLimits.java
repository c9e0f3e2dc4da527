package dev.coracle.core.cgroups;

import java.util.Map;

/**
 * Resource limits for one cgroup, in the terms CRI speaks (cgroup v1 units: CPU shares, CFS
 * quota and period in microseconds, bytes). A null field leaves that limit as it is.
 *
 * @param hugepageLimits page size (as the kernel names it, e.g. {@code 2MB}) to a byte limit
 * @param unified raw cgroup v2 files to write, applied only on a unified hierarchy
 */
public record CgroupLimits(Long cpuShares, Long cpuQuota, Long cpuPeriod, String cpusetCpus, String cpusetMems,
    Long memoryLimitBytes, Long pidsLimit, Map<String, Long> hugepageLimits, Map<String, String> unified) {

  public static final CgroupLimits NONE = new CgroupLimits(null, null, null, null, null, null, null, Map.of(), Map.of());

  public CgroupLimits {
    hugepageLimits = hugepageLimits == null ? Map.of() : Map.copyOf(hugepageLimits);
    unified = unified == null ? Map.of() : Map.copyOf(unified);
  }

  /**
   * cgroup v2's {@code cpu.weight} (1..10000) for v1 shares (2..262144), the conversion the
   * OCI runtimes use, so a pod gets the same share of CPU on either hierarchy.
   */
  static long weightOf(long shares) {
    long clamped = Math.max(2, Math.min(262144, shares));
    return 1 + ((clamped - 2) * 9999) / 262142;
  }
}

package dev.coracle.core.container;

import dev.coracle.core.cgroups.CgroupLimits;
import java.util.HashMap;
import java.util.Map;

/** Resource limits as they stand after an update that names only some of them. */
final class Limits {

  private Limits() {}

  static CgroupLimits merge(CgroupLimits old, CgroupLimits update) {
    Map<String, Long> hugepages = new HashMap<>(old.hugepageLimits());
    hugepages.putAll(update.hugepageLimits());
    Map<String, String> unified = new HashMap<>(old.unified());
    unified.putAll(update.unified());
    return new CgroupLimits(
        either(update.cpuShares(), old.cpuShares()),
        either(update.cpuQuota(), old.cpuQuota()),
        either(update.cpuPeriod(), old.cpuPeriod()),
        either(update.cpusetCpus(), old.cpusetCpus()),
        either(update.cpusetMems(), old.cpusetMems()),
        either(update.memoryLimitBytes(), old.memoryLimitBytes()),
        either(update.pidsLimit(), old.pidsLimit()),
        hugepages,
        unified);
  }

  private static <T> T either(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }
}

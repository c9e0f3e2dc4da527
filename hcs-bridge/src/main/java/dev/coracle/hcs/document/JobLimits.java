package dev.coracle.hcs.document;

import dev.coracle.core.error.InvalidArgumentException;

/**
 * The job-object limits of a HostProcess container (WINDOWS.md §6, §8), from the same CRI resources
 * as a process-isolated container and with the same choice of one CPU limit (count, else maximum,
 * else shares). 0 means no limit.
 *
 * @param cpuRate CPU cycles per 10000 across all host CPUs (1–10000), from count or maximum
 * @param cpuWeight the job's relative weight (1–9), from shares
 * @param memoryLimitBytes the job's memory limit in bytes
 */
public record JobLimits(int cpuRate, int cpuWeight, long memoryLimitBytes) {

  static final int MAX_RATE = 10_000;

  public JobLimits {
    if (cpuRate < 0 || cpuRate > MAX_RATE) {
      throw new InvalidArgumentException(
          "job CPU rate must be between 0 and 10000, got " + cpuRate);
    }
    if (cpuWeight < 0 || cpuWeight > 9) {
      throw new InvalidArgumentException(
          "job CPU weight must be between 0 and 9, got " + cpuWeight);
    }
    if (memoryLimitBytes < 0) {
      throw new InvalidArgumentException(
          "job memory limit must not be negative, got " + memoryLimitBytes);
    }
  }

  /** The limits of {@code resources} on a host with {@code hostCpus} logical CPUs. */
  public static JobLimits from(WindowsResourcesInput resources, int hostCpus) {
    Inputs.requirePositive(hostCpus, "host CPUs");
    WindowsResourcesInput r = resources == null ? WindowsResourcesInput.NONE : resources;
    long memory = WindowsResourcesInput.isSet(r.memoryLimitBytes()) ? r.memoryLimitBytes() : 0;
    return ProcessorChoice.choose(r, hostCpus)
        .map(
            p -> {
              if (p.count() != null) {
                return new JobLimits(rateOfCount(p.count(), hostCpus), 0, memory);
              }
              if (p.maximum() != null) {
                return new JobLimits(p.maximum(), 0, memory);
              }
              return new JobLimits(0, weightOfShares(p.weight()), memory);
            })
        .orElse(new JobLimits(0, 0, memory));
  }

  /** count CPUs as a share of the host's, in 1/10000ths; never 0, which would mean no limit. */
  static int rateOfCount(int count, int hostCpus) {
    return Math.max(1, (int) ((long) count * MAX_RATE / hostCpus));
  }

  /** HCS weights 0–10000 onto the job object's 1–9 (hcsshim: 1 + 8·w/10000). */
  static int weightOfShares(int weight) {
    return 1 + 8 * weight / MAX_RATE;
  }
}

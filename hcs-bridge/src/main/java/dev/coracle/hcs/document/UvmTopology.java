package dev.coracle.hcs.document;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.Map;

/**
 * The utility VM's size (WINDOWS.md §2b, §8): hcsshim's defaults of 2 vCPUs (1 on a 1-CPU host) and
 * 1024 MB, overridden by the pod's {@code io.microsoft.virtualmachine.computetopology.*}
 * annotations; memory rounded up to an even MB, vCPUs clamped to the host's.
 */
final class UvmTopology {

  static final String MEMORY_ANNOTATION =
      "io.microsoft.virtualmachine.computetopology.memory.sizeinmb";
  static final String PROCESSORS_ANNOTATION =
      "io.microsoft.virtualmachine.computetopology.processor.count";
  static final long DEFAULT_MEMORY_MB = 1024;
  static final int DEFAULT_PROCESSORS = 2;

  private UvmTopology() {}

  static long memoryMb(Map<String, String> annotations) {
    long mb = annotation(annotations, MEMORY_ANNOTATION);
    return Megabytes.evenCeilingOfMb(mb == 0 ? DEFAULT_MEMORY_MB : mb);
  }

  static int processors(Map<String, String> annotations, int hostCpus) {
    long count = annotation(annotations, PROCESSORS_ANNOTATION);
    if (count == 0) {
      return Math.min(DEFAULT_PROCESSORS, hostCpus);
    }
    return (int) Math.min(count, hostCpus);
  }

  /** The annotation's value; 0 when absent or 0 (both mean the default). */
  private static long annotation(Map<String, String> annotations, String key) {
    String value = annotations.get(key);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(
          "pod annotation " + key + " must be a whole number of at least 0, got \"" + value + "\"");
    }
  }
}

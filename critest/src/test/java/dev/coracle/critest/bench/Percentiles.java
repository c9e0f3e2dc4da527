package dev.coracle.critest.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Nearest-rank percentiles of a set of samples, in milliseconds. */
record Percentiles(int count, double p50, double p90, double p99, double max) {

  static Percentiles ofNanos(List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
        sorted[sorted.length - 1] / 1e6);
  }

  private static double rank(long[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  String row(String name) {
    return String.format(Locale.ROOT, "%-40s n=%-4d p50=%8.2f ms  p90=%8.2f ms  p99=%8.2f ms  max=%8.2f ms",
        name, count, p50, p90, p99, max);
  }

}

package dev.coracle.hcs.document;

import dev.coracle.core.error.InternalException;
import dev.coracle.hcs.schema.HcsJson;
import dev.coracle.hcs.schema.MemoryStats;
import dev.coracle.hcs.schema.ProcessorStats;
import dev.coracle.hcs.schema.Properties;
import dev.coracle.hcs.schema.PropertyQuery;
import dev.coracle.hcs.schema.Statistics;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * CRI stats from HCS statistics (WINDOWS.md §9): HCS counts CPU time in 100 ns units, CRI in
 * nanoseconds; the sample's own timestamp is its time, so usage in nano-cores comes from two
 * samples of the same container.
 */
public final class StatsReader {

  private static final long NANOS_PER_100NS = 100;
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  private StatsReader() {}

  /** The {@code HcsGetComputeSystemProperties} query whose result {@link #read} takes. */
  public static PropertyQuery query() {
    return new PropertyQuery(List.of("Statistics", "ProcessList"));
  }

  /** The sample in a {@code Properties} document. */
  public static WindowsStats read(String propertiesJson) {
    Properties properties = HcsJson.read(propertiesJson, Properties.class);
    Statistics s = properties.statistics();
    if (s == null) {
      throw new InternalException("HCS properties of " + properties.id() + " carry no Statistics");
    }
    ProcessorStats cpu = s.processor();
    MemoryStats memory = s.memory();
    return new WindowsStats(
        epochNanos(s.timestamp()),
        cpu == null ? 0 : Math.multiplyExact(cpu.totalRuntime100ns(), NANOS_PER_100NS),
        memory == null ? 0 : memory.memoryUsagePrivateWorkingSetBytes(),
        memory == null ? 0 : memory.memoryUsageCommitBytes(),
        properties.processList() == null ? 0 : properties.processList().size());
  }

  /**
   * CPU use between two samples in nano-cores (billionths of a CPU); 0 without a previous sample,
   * when time did not advance, or when the counter went back (a restarted container).
   */
  public static long usageNanoCores(WindowsStats previous, WindowsStats now) {
    if (previous == null) {
      return 0;
    }
    long elapsed = now.timestampNanos() - previous.timestampNanos();
    long used = now.cpuUsageCoreNanos() - previous.cpuUsageCoreNanos();
    if (elapsed <= 0 || used < 0) {
      return 0;
    }
    // used * 1e9 overflows a long after about nine seconds of CPU time.
    return BigInteger.valueOf(used)
        .multiply(NANOS_PER_SECOND)
        .divide(BigInteger.valueOf(elapsed))
        .longValueExact();
  }

  static long epochNanos(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      throw new InternalException("HCS statistics carry no Timestamp");
    }
    try {
      Instant t = Instant.parse(timestamp);
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (DateTimeParseException e) {
      throw new InternalException("HCS statistics Timestamp " + timestamp + " is not ISO-8601", e);
    }
  }
}

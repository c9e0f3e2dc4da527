package dev.coracle.hcs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.error.InternalException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatsReaderTest {

  @Test
  void read_convertsHcsUnitsToCri() {
    WindowsStats stats =
        StatsReader.read(GoldenDocumentsTest.resource("hcs/properties-statistics.json"));
    long epochSeconds = Instant.parse("2025-01-02T03:04:05Z").getEpochSecond();
    assertEquals(
        new WindowsStats(
            epochSeconds * 1_000_000_000L + 123_456_700L,
            123_456_789_012L * 100,
            314_572_800L,
            734_003_200L,
            3),
        stats);
  }

  @Test
  void read_withoutStatistics_saysSo() {
    InternalException e =
        assertThrows(
            InternalException.class,
            () -> StatsReader.read("{\"Id\":\"c1\",\"SystemType\":\"Container\"}"));
    assertEquals("HCS properties of c1 carry no Statistics", e.getMessage());
  }

  @Test
  void read_badTimestamp_isAnInternalError() {
    assertThrows(
        InternalException.class,
        () -> StatsReader.read("{\"Id\":\"c1\",\"Statistics\":{\"Timestamp\":\"yesterday\"}}"));
  }

  @Test
  void usageNanoCores_isCpuTimeOverWallTime() {
    WindowsStats before = new WindowsStats(1_000_000_000L, 5_000_000_000L, 0, 0, 1);
    // 3 s of CPU in 2 s: one and a half cores.
    WindowsStats after = new WindowsStats(3_000_000_000L, 8_000_000_000L, 0, 0, 1);
    assertEquals(1_500_000_000L, StatsReader.usageNanoCores(before, after));
  }

  @Test
  void usageNanoCores_largeCountersDoNotOverflow() {
    // A day of CPU on 64 cores, sampled 10 s apart with 640 s of CPU used in between.
    long day = 86_400L * 1_000_000_000L * 64;
    WindowsStats before = new WindowsStats(1_700_000_000_000_000_000L, day, 0, 0, 1);
    WindowsStats after =
        new WindowsStats(1_700_000_010_000_000_000L, day + 640L * 1_000_000_000L, 0, 0, 1);
    assertEquals(64_000_000_000L, StatsReader.usageNanoCores(before, after));
  }

  @Test
  void usageNanoCores_withoutAUsablePreviousSample_isZero() {
    WindowsStats now = new WindowsStats(2_000, 2_000, 0, 0, 1);
    assertEquals(0, StatsReader.usageNanoCores(null, now));
    assertEquals(0, StatsReader.usageNanoCores(now, now));
    assertEquals(0, StatsReader.usageNanoCores(new WindowsStats(1_000, 9_000, 0, 0, 1), now));
  }
}

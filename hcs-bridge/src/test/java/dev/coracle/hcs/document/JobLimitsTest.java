package dev.coracle.hcs.document;

import static dev.coracle.hcs.document.Fixtures.cpu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class JobLimitsTest {

  @Test
  void rateOfCount_isAShareOfTheHost_neverZero() {
    assertEquals(5000, JobLimits.rateOfCount(2, 4));
    assertEquals(10000, JobLimits.rateOfCount(4, 4));
    assertEquals(1, JobLimits.rateOfCount(1, 20_000));
    assertEquals(3333, JobLimits.rateOfCount(1, 3));
  }

  @Test
  void weightOfShares_mapsOntoOneToNine() {
    assertEquals(1, JobLimits.weightOfShares(0));
    assertEquals(1, JobLimits.weightOfShares(1249));
    assertEquals(2, JobLimits.weightOfShares(1250));
    assertEquals(9, JobLimits.weightOfShares(10000));
  }

  @Test
  void from_memoryIsKeptInBytes() {
    assertEquals(
        new JobLimits(0, 0, 1_000_001L),
        JobLimits.from(new WindowsResourcesInput(null, null, null, 1_000_001L), 2));
    assertEquals(new JobLimits(0, 0, 0), JobLimits.from(null, 2));
  }

  @Test
  void from_needsTheHostCpus() {
    assertThrows(InvalidArgumentException.class, () -> JobLimits.from(cpu(null, 1L, null), 0));
  }
}

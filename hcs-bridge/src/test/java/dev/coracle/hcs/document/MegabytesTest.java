package dev.coracle.hcs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.hcs.schema.ComputeSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MegabytesTest {

  private static final long MIB = 1024 * 1024;

  @ParameterizedTest(name = "{0} bytes -> {1} MB")
  @CsvSource({
    "1, 2",
    "1048576, 2",
    "1048577, 2",
    "2097152, 2",
    "2097153, 4",
    "3145728, 4",
    "1073741824, 1024",
    "1074790400, 1026",
  })
  void evenCeiling_roundsUpToAnEvenMb(long bytes, long mb) {
    assertEquals(mb, Megabytes.evenCeiling(bytes));
    assertEquals(mb, ContainerDocuments.containerMemory(bytes).settings());
    assertEquals(mb, ContainerDocuments.uvmMemory(bytes).settings());
  }

  @Test
  void floor_atCreate_roundsDownToWholeMb() {
    assertEquals(512, Megabytes.floor(512 * MIB + MIB - 1));
    assertEquals(511, Megabytes.floor(512 * MIB - 1));
    assertEquals(0, Megabytes.floor(MIB - 1));
  }

  @Test
  void processContainer_memoryUnderOneMb_setsNoLimit() {
    ComputeSystem doc =
        ContainerDocuments.processContainer(
            Fixtures.process(new WindowsResourcesInput(null, null, null, MIB - 1)));
    assertEquals(null, doc.container().memory());
    ComputeSystem odd =
        ContainerDocuments.processContainer(
            Fixtures.process(new WindowsResourcesInput(null, null, null, 3 * MIB + 5)));
    // At create the limit is floored, not rounded to even (WINDOWS.md §8).
    assertEquals(3L, odd.container().memory().sizeInMB());
  }

  @Test
  void updates_refuseNoMemory() {
    assertThrows(InvalidArgumentException.class, () -> ContainerDocuments.containerMemory(0));
    assertThrows(InvalidArgumentException.class, () -> ContainerDocuments.uvmMemory(-1));
  }
}

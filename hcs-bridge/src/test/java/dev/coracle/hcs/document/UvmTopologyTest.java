package dev.coracle.hcs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UvmTopologyTest {

  private static final String MEMORY =
      "io.microsoft.virtualmachine.computetopology.memory.sizeinmb";
  private static final String CPUS = "io.microsoft.virtualmachine.computetopology.processor.count";

  @Test
  void defaults_are2CpusAnd1024Mb_or1CpuOnA1CpuHost() {
    assertEquals(1024, UvmTopology.memoryMb(Map.of()));
    assertEquals(2, UvmTopology.processors(Map.of(), 8));
    assertEquals(1, UvmTopology.processors(Map.of(), 1));
  }

  @Test
  void annotations_override_memoryRoundedUpToEven_cpusClampedToHost() {
    assertEquals(2049 + 1, UvmTopology.memoryMb(Map.of(MEMORY, "2049")));
    assertEquals(512, UvmTopology.memoryMb(Map.of(MEMORY, " 512 ")));
    assertEquals(6, UvmTopology.processors(Map.of(CPUS, "6"), 8));
    assertEquals(8, UvmTopology.processors(Map.of(CPUS, "16"), 8));
    assertEquals(2, UvmTopology.processors(Map.of(CPUS, "0"), 8));
  }

  @Test
  void annotations_notANumber_areRefusedByName() {
    InvalidArgumentException e =
        assertThrows(
            InvalidArgumentException.class, () -> UvmTopology.memoryMb(Map.of(MEMORY, "1G")));
    assertTrue(e.getMessage().contains(MEMORY) && e.getMessage().contains("1G"), e.getMessage());
    assertThrows(
        InvalidArgumentException.class, () -> UvmTopology.processors(Map.of(CPUS, "-2"), 4));
  }

  @Test
  void utilityVm_inputsAreChecked() {
    assertThrows(
        InvalidArgumentException.class, () -> new UtilityVmInput("u", "s.vhdx", "C:\\b", null, 0));
    assertThrows(
        InvalidArgumentException.class, () -> new UtilityVmInput("u", " ", "C:\\b", null, 2));
  }
}

package dev.coracle.hcs.document;

import static dev.coracle.hcs.document.Fixtures.cpu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.hcs.schema.ContainerProcessor;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessorChoiceTest {

  @Test
  void choose_countWinsOverMaximumAndShares() {
    assertEquals(
        Optional.of(ContainerProcessor.ofCount(2)),
        ProcessorChoice.choose(cpu(500L, 2L, 5000L), 4));
  }

  @Test
  void choose_maximumWinsOverShares() {
    assertEquals(
        Optional.of(ContainerProcessor.ofMaximum(5000)),
        ProcessorChoice.choose(cpu(500L, null, 5000L), 4));
  }

  @Test
  void choose_sharesAloneAreTheWeight() {
    assertEquals(
        Optional.of(ContainerProcessor.ofWeight(500)),
        ProcessorChoice.choose(cpu(500L, null, null), 4));
  }

  @Test
  void choose_zeroMeansUnset_asInCri() {
    assertEquals(
        Optional.of(ContainerProcessor.ofWeight(7)), ProcessorChoice.choose(cpu(7L, 0L, 0L), 4));
    assertEquals(Optional.empty(), ProcessorChoice.choose(cpu(0L, 0L, 0L), 4));
    assertEquals(Optional.empty(), ProcessorChoice.choose(WindowsResourcesInput.NONE, 4));
  }

  @Test
  void choose_countIsClampedToTheVisibleCpus() {
    assertEquals(
        Optional.of(ContainerProcessor.ofCount(4)),
        ProcessorChoice.choose(cpu(null, 64L, null), 4));
    assertEquals(
        Optional.of(ContainerProcessor.ofCount(1)), ProcessorChoice.choose(cpu(null, 3L, null), 1));
    assertEquals(
        Optional.of(ContainerProcessor.ofCount(3)), ProcessorChoice.choose(cpu(null, 3L, null), 3));
  }

  @Test
  void containerProcessor_holdsOneFieldOnly() {
    InvalidArgumentException e =
        assertThrows(InvalidArgumentException.class, () -> new ContainerProcessor(1, 2, null));
    assertEquals(true, e.getMessage().contains("mutually exclusive"), e.getMessage());
  }

  @Test
  void resources_outOfRange_areRefusedByName() {
    assertEquals(
        "cpu_maximum must be between 0 and 10000, got 10001",
        assertThrows(InvalidArgumentException.class, () -> cpu(null, null, 10001L)).getMessage());
    assertEquals(
        "cpu_shares must be between 0 and 10000, got 20000",
        assertThrows(InvalidArgumentException.class, () -> cpu(20000L, null, null)).getMessage());
    assertThrows(InvalidArgumentException.class, () -> cpu(null, -1L, null));
    assertThrows(
        InvalidArgumentException.class, () -> new WindowsResourcesInput(null, null, null, -5L));
  }

  @Test
  void containerProcessorUpdate_emptyWhenNothingIsSet() {
    assertEquals(
        Optional.empty(), ContainerDocuments.containerProcessor(WindowsResourcesInput.NONE, 4));
    assertEquals(Optional.empty(), ContainerDocuments.containerProcessor(null, 4));
    assertEquals(
        ContainerProcessor.ofCount(2),
        ContainerDocuments.containerProcessor(cpu(null, 9L, null), 2).orElseThrow().settings());
  }
}

package dev.coracle.hcs.document;

import dev.coracle.hcs.schema.ContainerProcessor;
import java.util.Optional;

/**
 * Picks the one Processor field HCS accepts from CRI's three (WINDOWS.md §8): they are mutually
 * exclusive, so count wins over maximum and maximum over shares, as kubelet and containerd order
 * them; the count is clamped to the CPUs the container can see.
 */
final class ProcessorChoice {

  private ProcessorChoice() {}

  static Optional<ContainerProcessor> choose(WindowsResourcesInput resources, int cpus) {
    if (WindowsResourcesInput.isSet(resources.cpuCount())) {
      return Optional.of(ContainerProcessor.ofCount((int) Math.min(resources.cpuCount(), cpus)));
    }
    if (WindowsResourcesInput.isSet(resources.cpuMaximum())) {
      return Optional.of(ContainerProcessor.ofMaximum(resources.cpuMaximum().intValue()));
    }
    if (WindowsResourcesInput.isSet(resources.cpuShares())) {
      return Optional.of(ContainerProcessor.ofWeight(resources.cpuShares().intValue()));
    }
    return Optional.empty();
  }
}

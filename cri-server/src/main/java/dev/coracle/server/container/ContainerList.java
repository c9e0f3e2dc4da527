package dev.coracle.server.container;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.cri.v1.Container;
import dev.coracle.cri.v1.ContainerFilter;
import dev.coracle.server.translate.ContainerTranslator;
import dev.coracle.server.translate.LabelSelector;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code ListContainers} and {@code StreamContainers}: the containers every filter field
 * admits. IDs match by prefix, as {@code crictl ps --id} users type them.
 */
final class ContainerList {

  private final PodBackend backend;

  ContainerList(PodBackend backend) {
    this.backend = backend;
  }

  List<Container> list(ContainerFilter filter) {
    return backend.containers().stream()
        .filter(admittedBy(filter))
        .sorted(Comparator.comparingLong(ContainerRecord::createdAtNanos))
        .map(ContainerTranslator::container)
        .toList();
  }

  static Predicate<ContainerRecord> admittedBy(ContainerFilter filter) {
    return r -> (filter.getId().isEmpty() || r.id().startsWith(filter.getId()))
        && (filter.getPodSandboxId().isEmpty() || r.sandboxId().startsWith(filter.getPodSandboxId()))
        && (!filter.hasState() || ContainerTranslator.state(r.state()) == filter.getState().getState())
        && LabelSelector.matches(filter.getLabelSelectorMap(), r.config().labels());
  }
}

package dev.coracle.server.container;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.container.ContainerState;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.error.UnimplementedException;
import dev.coracle.cri.v1.ContainerStats;
import dev.coracle.cri.v1.ContainerStatsFilter;
import dev.coracle.cri.v1.ContainerStatsRequest;
import dev.coracle.cri.v1.ContainerStatsResponse;
import dev.coracle.cri.v1.ListContainerStatsResponse;
import dev.coracle.server.translate.LabelSelector;
import dev.coracle.server.translate.StatsTranslator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ContainerStats} and {@code ListContainerStats}. The list holds running containers
 * only: a stopped one has no counters to read, and one that stops while the list is made is
 * left out rather than failing the whole answer.
 */
final class ContainerStatsQuery {

  private final PodBackend backend;

  ContainerStatsQuery(PodBackend backend) {
    this.backend = backend;
  }

  ContainerStatsResponse one(ContainerStatsRequest request) {
    requireStats("ContainerStats");
    if (request.getContainerId().isEmpty()) {
      throw new InvalidArgumentException("container_id is empty");
    }
    ContainerRecord record = backend.container(request.getContainerId());
    return ContainerStatsResponse.newBuilder()
        .setStats(StatsTranslator.container(record, backend.containerStats(record.id()))).build();
  }

  ListContainerStatsResponse list(ContainerStatsFilter filter) {
    requireStats("ListContainerStats");
    List<ContainerStats> stats = new ArrayList<>();
    List<ContainerRecord> running = backend.containers().stream()
        .filter(r -> r.state() == ContainerState.RUNNING)
        .filter(r -> filter.getId().isEmpty() || r.id().startsWith(filter.getId()))
        .filter(r -> filter.getPodSandboxId().isEmpty() || r.sandboxId().startsWith(filter.getPodSandboxId()))
        .filter(r -> LabelSelector.matches(filter.getLabelSelectorMap(), r.config().labels()))
        .sorted(Comparator.comparingLong(ContainerRecord::createdAtNanos))
        .toList();
    for (ContainerRecord record : running) {
      try {
        stats.add(StatsTranslator.container(record, backend.containerStats(record.id())));
      } catch (NotFoundException gone) {
        // Removed while the list was made.
      }
    }
    return ListContainerStatsResponse.newBuilder().addAllStats(stats).build();
  }

  private void requireStats(String rpc) {
    if (!backend.servesStats()) {
      throw new UnimplementedException(rpc + ": container stats are not served by the " + backend.platform()
          + " backend yet");
    }
  }
}

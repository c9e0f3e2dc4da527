package dev.coracle.server.sandbox;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.error.UnimplementedException;
import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.core.sandbox.SandboxState;
import dev.coracle.cri.v1.ListPodSandboxStatsResponse;
import dev.coracle.cri.v1.PodSandboxStats;
import dev.coracle.cri.v1.PodSandboxStatsFilter;
import dev.coracle.cri.v1.PodSandboxStatsRequest;
import dev.coracle.cri.v1.PodSandboxStatsResponse;
import dev.coracle.server.translate.LabelSelector;
import dev.coracle.server.translate.StatsTranslator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code PodSandboxStats} and {@code ListPodSandboxStats}: ready pods only, as a stopped pod has
 * nothing running to measure; one that stops while the list is made is left out.
 */
final class SandboxStatsQuery {

  private final PodBackend backend;

  SandboxStatsQuery(PodBackend backend) {
    this.backend = backend;
  }

  PodSandboxStatsResponse one(PodSandboxStatsRequest request) {
    requireStats("PodSandboxStats");
    String id = SandboxIds.resolve(backend, request.getPodSandboxId())
        .orElseThrow(() -> new NotFoundException("pod sandbox " + request.getPodSandboxId() + " not found"));
    SandboxRecord pod = backend.sandbox(id)
        .orElseThrow(() -> new NotFoundException("pod sandbox " + request.getPodSandboxId() + " not found"));
    return PodSandboxStatsResponse.newBuilder().setStats(stats(pod, containersById())).build();
  }

  ListPodSandboxStatsResponse list(PodSandboxStatsFilter filter) {
    requireStats("ListPodSandboxStats");
    Map<String, ContainerRecord> containers = containersById();
    List<PodSandboxStats> stats = new ArrayList<>();
    List<SandboxRecord> ready = backend.sandboxes().stream()
        .filter(r -> r.state() == SandboxState.READY)
        .filter(r -> filter.getId().isEmpty() || r.id().startsWith(filter.getId()))
        .filter(r -> LabelSelector.matches(filter.getLabelSelectorMap(), r.config().labels()))
        .sorted(Comparator.comparingLong(SandboxRecord::createdAtNanos))
        .toList();
    for (SandboxRecord pod : ready) {
      try {
        stats.add(stats(pod, containers));
      } catch (NotFoundException gone) {
        // Removed while the list was made.
      }
    }
    return ListPodSandboxStatsResponse.newBuilder().addAllStats(stats).build();
  }

  private PodSandboxStats stats(SandboxRecord pod, Map<String, ContainerRecord> containers) {
    return StatsTranslator.windowsPod(pod, backend.sandboxStats(pod.id()), containers);
  }

  private Map<String, ContainerRecord> containersById() {
    return backend.containers().stream().collect(Collectors.toMap(ContainerRecord::id, Function.identity()));
  }

  private void requireStats(String rpc) {
    if (!backend.servesStats()) {
      throw new UnimplementedException(rpc + ": pod sandbox stats are not served by the " + backend.platform()
          + " backend yet");
    }
  }
}

package dev.coracle.server.metrics;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.container.ContainerState;
import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.core.sandbox.SandboxState;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.stream.Collectors;

/** How many pods and containers there are, by state, counted when scraped. */
public final class PodMetrics {

  private PodMetrics() {}

  public static void register(PrometheusRegistry registry, PodBackend backend) {
    GaugeWithCallback.builder()
        .name("coracle_pod_sandboxes")
        .help("Pod sandboxes the runtime holds, by state")
        .labelNames("state")
        .callback(callback -> {
          Map<SandboxState, Long> counts = backend.sandboxes().stream()
              .collect(Collectors.groupingBy(SandboxRecord::state, Collectors.counting()));
          for (SandboxState state : SandboxState.values()) {
            callback.call(counts.getOrDefault(state, 0L), state.name().toLowerCase());
          }
        })
        .register(registry);
    GaugeWithCallback.builder()
        .name("coracle_containers")
        .help("Containers the runtime holds, by state")
        .labelNames("state")
        .callback(callback -> {
          Map<ContainerState, Long> counts = backend.containers().stream()
              .collect(Collectors.groupingBy(ContainerRecord::state, Collectors.counting()));
          for (ContainerState state : ContainerState.values()) {
            callback.call(counts.getOrDefault(state, 0L), state.name().toLowerCase());
          }
        })
        .register(registry);
  }
}

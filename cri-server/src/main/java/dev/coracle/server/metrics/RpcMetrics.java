package dev.coracle.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Latency and errors of every CRI call, labelled by method and gRPC status code. */
public final class RpcMetrics {

  private final Histogram latency;
  private final Counter errors;

  public RpcMetrics(PrometheusRegistry registry) {
    latency = Histogram.builder()
        .name("coracle_cri_request_duration_seconds")
        .help("Time to answer one CRI call, by method and gRPC code")
        .labelNames("method", "code")
        .classicOnly()
        .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
        .register(registry);
    errors = Counter.builder()
        .name("coracle_cri_request_errors_total")
        .help("CRI calls that ended with a code other than OK, by method and gRPC code")
        .labelNames("method", "code")
        .register(registry);
  }

  public void record(String method, String code, long nanos) {
    latency.labelValues(method, code).observe(nanos / 1e9);
    if (!"OK".equals(code)) {
      errors.labelValues(method, code).inc();
    }
  }
}

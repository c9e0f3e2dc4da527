package dev.coracle.server.metrics;

import dev.coracle.core.image.PullObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Bytes pulled from registries and the time each pull took. */
public final class ImageMetrics implements PullObserver {

  private final Counter bytes;
  private final Histogram duration;

  public ImageMetrics(PrometheusRegistry registry) {
    bytes = Counter.builder()
        .name("coracle_image_pull_bytes_total")
        .help("Bytes of image blobs received from registries")
        .register(registry);
    duration = Histogram.builder()
        .name("coracle_image_pull_duration_seconds")
        .help("Time one image pull took, by outcome")
        .labelNames("outcome")
        .classicOnly()
        .classicUpperBounds(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)
        .register(registry);
  }

  @Override
  public void bytesReceived(long n) {
    bytes.inc(n);
  }

  @Override
  public void pullFinished(long nanos, boolean succeeded) {
    duration.labelValues(succeeded ? "success" : "failure").observe(nanos / 1e9);
  }
}

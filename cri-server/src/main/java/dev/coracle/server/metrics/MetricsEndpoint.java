package dev.coracle.server.metrics;

import dev.coracle.server.config.HostPort;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The HTTP endpoint Prometheus scrapes: {@code GET /metrics}. */
public final class MetricsEndpoint implements AutoCloseable {

  private final HTTPServer server;

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  public static MetricsEndpoint start(HostPort address, PrometheusRegistry registry) {
    try {
      return new MetricsEndpoint(HTTPServer.builder()
          .hostname(address.host())
          .port(address.port())
          .registry(registry)
          .buildAndStart());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + address.host() + ":" + address.port()
          + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}

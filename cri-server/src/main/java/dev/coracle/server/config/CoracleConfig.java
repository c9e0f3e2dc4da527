package dev.coracle.server.config;

import java.nio.file.Path;

/**
 * The daemon's whole configuration: one TOML file whose keys are these components in
 * snake_case. A key left out takes its built-in default, so the daemon starts with no file.
 *
 * @param rootDir persistent state: images, layers, metadata
 * @param stateDir volatile state: bundles, namespace pins, exit files; the default socket's home
 * @param listen the unix socket kubelet and crictl connect to
 * @param shutdownTimeoutSeconds how long SIGTERM waits for calls in flight
 * @param cgroupDriver {@code auto}, {@code cgroupfs} or {@code systemd}
 * @param logLevel {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}
 * @param metrics the Prometheus endpoint
 */
public record CoracleConfig(
    Path rootDir,
    Path stateDir,
    Path listen,
    Integer shutdownTimeoutSeconds,
    String cgroupDriver,
    String logLevel,
    MetricsConfig metrics) {

  public static final Path DEFAULT_STATE_DIR = Path.of("/run/coracle");

  public CoracleConfig {
    rootDir = rootDir != null ? rootDir : Path.of("/var/lib/coracle");
    stateDir = stateDir != null ? stateDir : DEFAULT_STATE_DIR;
    listen = listen != null ? listen : stateDir.resolve("coracle.sock");
    shutdownTimeoutSeconds = shutdownTimeoutSeconds != null ? shutdownTimeoutSeconds : 10;
    cgroupDriver = cgroupDriver != null ? cgroupDriver : "auto";
    logLevel = logLevel != null ? logLevel : "info";
    metrics = metrics != null ? metrics : new MetricsConfig(null, null);
  }

  public static CoracleConfig defaults() {
    return new CoracleConfig(null, null, null, null, null, null, null);
  }

  public CoracleConfig withListen(Path socket) {
    return new CoracleConfig(rootDir, stateDir, socket, shutdownTimeoutSeconds, cgroupDriver, logLevel, metrics);
  }

  public CoracleConfig withLogLevel(String level) {
    return new CoracleConfig(rootDir, stateDir, listen, shutdownTimeoutSeconds, cgroupDriver, level, metrics);
  }

  /**
   * @param enabled serve {@code /metrics} at all
   * @param address {@code host:port} to serve it on; port 0 picks a free one
   */
  public record MetricsConfig(Boolean enabled, String address) {
    public MetricsConfig {
      enabled = enabled != null ? enabled : true;
      address = address != null ? address : "127.0.0.1:9402";
    }
  }
}

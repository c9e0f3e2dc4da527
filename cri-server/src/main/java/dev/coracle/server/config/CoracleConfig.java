package dev.coracle.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * @param image how images are pulled
 * @param registries per registry host (as written in image names): mirrors, plain HTTP, CA
 */
public record CoracleConfig(
    Path rootDir,
    Path stateDir,
    Path listen,
    Integer shutdownTimeoutSeconds,
    String cgroupDriver,
    String logLevel,
    MetricsConfig metrics,
    ImageConfig image,
    Map<String, RegistryConfig> registries) {

  public static final Path DEFAULT_STATE_DIR = Path.of("/run/coracle");

  public CoracleConfig {
    rootDir = rootDir != null ? rootDir : Path.of("/var/lib/coracle");
    stateDir = stateDir != null ? stateDir : DEFAULT_STATE_DIR;
    listen = listen != null ? listen : stateDir.resolve("coracle.sock");
    shutdownTimeoutSeconds = shutdownTimeoutSeconds != null ? shutdownTimeoutSeconds : 10;
    cgroupDriver = cgroupDriver != null ? cgroupDriver : "auto";
    logLevel = logLevel != null ? logLevel : "info";
    metrics = metrics != null ? metrics : new MetricsConfig(null, null);
    image = image != null ? image : new ImageConfig(null, null);
    registries = registries != null ? new TreeMap<>(registries) : new TreeMap<>();
  }

  public static CoracleConfig defaults() {
    return new CoracleConfig(null, null, null, null, null, null, null, null, null);
  }

  public CoracleConfig withListen(Path socket) {
    return new CoracleConfig(rootDir, stateDir, socket, shutdownTimeoutSeconds, cgroupDriver, logLevel, metrics,
        image, registries);
  }

  public CoracleConfig withLogLevel(String level) {
    return new CoracleConfig(rootDir, stateDir, listen, shutdownTimeoutSeconds, cgroupDriver, level, metrics,
        image, registries);
  }

  /**
   * @param pullTimeoutSeconds how long one PullImage may take
   * @param maxConcurrentDownloads layers fetched at once, across all pulls
   */
  public record ImageConfig(Integer pullTimeoutSeconds, Integer maxConcurrentDownloads) {
    public ImageConfig {
      pullTimeoutSeconds = pullTimeoutSeconds != null ? pullTimeoutSeconds : 1800;
      maxConcurrentDownloads = maxConcurrentDownloads != null ? maxConcurrentDownloads : 3;
    }
  }

  /**
   * @param mirrors base URLs tried in order before the registry itself, e.g. {@code http://127.0.0.1:5000}
   * @param insecure reach the registry itself over plain HTTP
   * @param caFile PEM CA certificates to trust for it and its mirrors
   */
  public record RegistryConfig(List<String> mirrors, Boolean insecure, Path caFile) {
    public RegistryConfig {
      mirrors = mirrors != null ? List.copyOf(mirrors) : List.of();
      insecure = insecure != null ? insecure : false;
    }
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

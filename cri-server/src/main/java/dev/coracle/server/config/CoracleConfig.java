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
 * @param listen where kubelet and crictl connect: a unix socket's path, or on Windows a named
 *     pipe ({@code npipe:////./pipe/NAME})
 * @param shutdownTimeoutSeconds how long SIGTERM waits for calls in flight
 * @param cgroupDriver {@code auto}, {@code cgroupfs} or {@code systemd}
 * @param logLevel {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}
 * @param metrics the Prometheus endpoint
 * @param image how images are pulled
 * @param registries per registry host (as written in image names): mirrors, plain HTTP, CA
 * @param defaultRuntime the runtime handler of pods that name none
 * @param runtimes the runtime handlers by name; none configured means the built-ins (runc, and
 *     crun where it is installed)
 * @param monitor the container monitor (conmon)
 * @param pods pod sandboxes
 * @param cni pod networking through CNI plugins
 */
public record CoracleConfig(
    Path rootDir,
    Path stateDir,
    String listen,
    Integer shutdownTimeoutSeconds,
    String cgroupDriver,
    String logLevel,
    MetricsConfig metrics,
    ImageConfig image,
    Map<String, RegistryConfig> registries,
    String defaultRuntime,
    Map<String, RuntimeConfig> runtimes,
    MonitorConfig monitor,
    PodsConfig pods,
    CniConfig cni,
    WindowsConfig windows) {

  public CoracleConfig {
    rootDir = rootDir != null ? rootDir : PlatformDefaults.host().rootDir();
    stateDir = stateDir != null ? stateDir : PlatformDefaults.host().stateDir();
    listen = listen != null ? listen : PlatformDefaults.host().listen(stateDir);
    shutdownTimeoutSeconds = shutdownTimeoutSeconds != null ? shutdownTimeoutSeconds : 10;
    cgroupDriver = cgroupDriver != null ? cgroupDriver : "auto";
    logLevel = logLevel != null ? logLevel : "info";
    metrics = metrics != null ? metrics : new MetricsConfig(null, null);
    image = image != null ? image : new ImageConfig(null, null);
    registries = registries != null ? new TreeMap<>(registries) : new TreeMap<>();
    defaultRuntime = defaultRuntime != null ? defaultRuntime : "runc";
    TreeMap<String, RuntimeConfig> named = new TreeMap<>();
    if (runtimes != null) {
      runtimes.forEach((name, runtime) -> named.put(name, runtime == null
          ? RuntimeConfig.named(name, new RuntimeConfig(null, null, null)) : RuntimeConfig.named(name, runtime)));
    }
    runtimes = named;
    monitor = monitor != null ? monitor : new MonitorConfig(null, null);
    pods = pods != null ? pods : new PodsConfig(null, null);
    cni = cni != null ? cni : new CniConfig(null, null, null, null, null);
    windows = windows != null ? windows : new WindowsConfig(null, null);
  }

  /** The built-in defaults of this JVM's operating system. */
  public static CoracleConfig defaults() {
    return defaults(PlatformDefaults.host());
  }

  /** The built-in defaults of the operating system whose defaults {@code platform} holds. */
  public static CoracleConfig defaults(PlatformDefaults platform) {
    return new CoracleConfig(platform.rootDir(), platform.stateDir(), platform.listen(platform.stateDir()), null, null,
        null, null, null, null, null, null, null, null,
        new CniConfig(platform.cniConfDir(), platform.cniBinDirs(), null, null, null), null);
  }

  public CoracleConfig withListen(String endpoint) {
    return new CoracleConfig(rootDir, stateDir, endpoint, shutdownTimeoutSeconds, cgroupDriver, logLevel, metrics,
        image, registries, defaultRuntime, runtimes, monitor, pods, cni, windows);
  }

  public CoracleConfig withLogLevel(String level) {
    return new CoracleConfig(rootDir, stateDir, listen, shutdownTimeoutSeconds, cgroupDriver, level, metrics,
        image, registries, defaultRuntime, runtimes, monitor, pods, cni, windows);
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

  /**
   * One runtime handler.
   *
   * @param path the runtime's program; found on the PATH (and in /usr/bin, /usr/sbin,
   *     /usr/local/bin) by its kind when unset
   * @param kind {@code runc} or {@code crun}; defaults to the handler's name when that is one of them
   * @param root the runtime's state directory; {@code <state_dir>/runtimes/NAME} when unset
   */
  public record RuntimeConfig(Path path, String kind, Path root) {
    public RuntimeConfig {
      path = emptyToNull(path);
      root = emptyToNull(root);
    }

    static RuntimeConfig named(String name, RuntimeConfig given) {
      String kind = given.kind() == null && (name.equals("runc") || name.equals("crun")) ? name : given.kind();
      return new RuntimeConfig(given.path(), kind, given.root());
    }
  }

  /**
   * @param conmon the conmon program; found on the PATH when unset
   * @param logSizeMaxBytes the size beyond which a container's log is truncated; 0 for no limit
   */
  public record MonitorConfig(Path conmon, Long logSizeMaxBytes) {
    public MonitorConfig {
      conmon = emptyToNull(conmon);
      logSizeMaxBytes = logSizeMaxBytes != null ? logSizeMaxBytes : 0L;
    }
  }

  /**
   * @param infraBinary the static pause program every pod's infra process runs ({@code catatonit});
   *     found on the PATH when unset
   * @param shmSizeBytes the size of each pod's own /dev/shm
   */
  public record PodsConfig(Path infraBinary, Long shmSizeBytes) {
    public PodsConfig {
      infraBinary = emptyToNull(infraBinary);
      shmSizeBytes = shmSizeBytes != null ? shmSizeBytes : 64L << 20;
    }
  }

  /**
   * @param confDir where network configurations are read from; the first valid one (by file
   *     name) is the pods' network, and the directory is watched for changes
   * @param binDirs where plugin programs are looked for, in order
   * @param defaultNetwork with no configuration in {@code confDir}, use the built-in bridge network
   * @param defaultSubnets the built-in network's ranges while kubelet has given no pod CIDR
   * @param pluginTimeoutSeconds how long one plugin call may take before it is killed
   */
  public record CniConfig(Path confDir, List<Path> binDirs, Boolean defaultNetwork, List<String> defaultSubnets,
      Integer pluginTimeoutSeconds) {
    public CniConfig {
      confDir = confDir != null ? confDir : PlatformDefaults.host().cniConfDir();
      binDirs = binDirs != null ? List.copyOf(binDirs) : PlatformDefaults.host().cniBinDirs();
      defaultNetwork = defaultNetwork != null ? defaultNetwork : true;
      defaultSubnets = defaultSubnets != null ? List.copyOf(defaultSubnets) : List.of("10.88.0.0/16");
      pluginTimeoutSeconds = pluginTimeoutSeconds != null ? pluginTimeoutSeconds : 60;
    }

    public CniConfig withoutDefaultNetwork() {
      return new CniConfig(confDir, binDirs, false, defaultSubnets, pluginTimeoutSeconds);
    }
  }

  /** An empty string in the file means "unset": the template writes unset paths that way. */
  private static Path emptyToNull(Path path) {
    return path == null || path.toString().isEmpty() ? null : path;
  }

  /**
   * Windows nodes.
   *
   * @param pauseImage the image of every pod's pause container (and, under Hyper-V, of its
   *     utility VM), pulled when first needed
   * @param simulateHostBuild development only: run the Windows backend over the recording
   *     simulation of HCS, HCN and the storage calls, as a host of this OS version (e.g.
   *     {@code 10.0.20348}); empty on real nodes
   */
  public record WindowsConfig(String pauseImage, String simulateHostBuild) {
    public WindowsConfig {
      pauseImage = pauseImage != null && !pauseImage.isBlank() ? pauseImage : "mcr.microsoft.com/oss/kubernetes/pause:3.9";
      simulateHostBuild = simulateHostBuild != null ? simulateHostBuild.strip() : "";
    }

    public boolean simulated() {
      return !simulateHostBuild.isEmpty();
    }
  }
}

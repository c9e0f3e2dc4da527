package dev.coracle.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.network.Cidr;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.cri.v1.CriProto;
import dev.coracle.cri.v1.ImageServiceGrpc;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.hcs.fake.FakeWindows;
import dev.coracle.server.config.CoracleConfig;
import dev.coracle.server.config.HostPort;
import dev.coracle.server.image.ImageService;
import dev.coracle.server.listen.Listener;
import dev.coracle.server.listen.ListenerKind;
import dev.coracle.server.metrics.MetricsEndpoint;
import dev.coracle.server.metrics.PodMetrics;
import dev.coracle.server.metrics.RpcMetrics;
import dev.coracle.server.network.CniPodNetwork;
import dev.coracle.server.rpc.CallInterceptor;
import dev.coracle.server.runtime.RuntimeService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: the CRI services on the unix socket (a named pipe on Windows), and the
 * metrics endpoint beside them. {@link #start} returns once the socket answers; {@link #stop}
 * drains and lets go.
 */
public final class Daemon implements AutoCloseable {

  /** kubelet's client allows 16 MiB each way; so does the server. */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  private final CoracleConfig config;
  private final Listener listener;
  private final Server server;
  private final CompletableFuture<MetricsEndpoint> metrics;
  private final Node node;
  private final CniPodNetwork network;

  private Daemon(CoracleConfig config, Listener listener, Server server, CompletableFuture<MetricsEndpoint> metrics,
      Node node, CniPodNetwork network) {
    this.node = node;
    this.network = network;
    this.config = config;
    this.listener = listener;
    this.server = server;
    this.metrics = metrics;
  }

  /**
   * Loads what every start needs and nothing depends on the configuration: the transport's
   * native library and the CRI service descriptors. Safe to run on another thread during start-up.
   */
  static void preload() {
    ListenerKind.host().preload();
    RuntimeServiceGrpc.getServiceDescriptor();
    ImageServiceGrpc.getServiceDescriptor();
    CriProto.getDescriptor();
  }

  public static Daemon start(CoracleConfig config) {
    return start(config, List.of());
  }

  /** Starts with more services beside the CRI ones (tests use this to hold calls in flight). */
  static Daemon start(CoracleConfig config, List<ServerServiceDefinition> extraServices) {
    return start(config, extraServices, FakeWindows::new);
  }

  /**
   * Starts a simulated Windows node (with {@code windows.simulate_host_build}) on the given
   * simulated host, so that a test can restart the daemon on the host its pods still run on.
   */
  static Daemon start(CoracleConfig config, List<ServerServiceDefinition> extraServices,
      Supplier<FakeWindows> simulatedHost) {
    PrometheusRegistry registry = new PrometheusRegistry();
    RpcMetrics rpcMetrics = new RpcMetrics(registry);
    CallInterceptor interceptor = new CallInterceptor(rpcMetrics);

    boolean windows = config.windows().simulated() || ListenerKind.host() == ListenerKind.NAMED_PIPE;
    Listener listener = ListenerKind.host().claim(config.listen());
    // Reads the conf dir and watches it; it writes nothing until a pod is attached. The
    // built-in network is a Linux bridge: a Windows node has only what is configured.
    CniPodNetwork network = CniPodNetwork.start(windows ? config.cni().withoutDefaultNetwork() : config.cni(),
        config.stateDir(), registry);
    // Only the daemon that owns the socket may touch the stores (they clear leftovers on open).
    Node node;
    try {
      node = windows
          ? WindowsNode.open(config, network, registry, simulatedHost)
          : LinuxNode.open(config, network, registry);
      PodMetrics.register(registry, node.backend());
    } catch (RuntimeException e) {
      listener.close();
      network.close();
      throw e;
    }
    PodBackend backend = node.backend();
    CgroupDriver driver = node.cgroupDriver();
    NettyServerBuilder builder = listener.serverBuilder()
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .addService(ServerInterceptors.intercept(
            new RuntimeService(network, driver, () -> verboseInfo(config, network, node), backend),
            interceptor))
        .addService(ServerInterceptors.intercept(new ImageService(node.images()), interceptor));
    extraServices.forEach(service -> builder.addService(ServerInterceptors.intercept(service, interceptor)));
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.shutdownNow();
      listener.close();
      network.close();
      node.close();
      throw new UncheckedIOException("cannot listen on " + config.listen() + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
    listener.serving();
    log.info("coracle {} serving CRI on {} (cgroup driver {})", Build.VERSION, config.listen(),
        driver.name().toLowerCase());
    // The first Version call needs none of this: start it off the critical path.
    CompletableFuture<MetricsEndpoint> metrics = config.metrics().enabled()
        ? CompletableFuture.supplyAsync(() -> startMetrics(config, registry))
        : CompletableFuture.completedFuture(null);
    return new Daemon(config, listener, server, metrics, node, network);
  }

  private static MetricsEndpoint startMetrics(CoracleConfig config, PrometheusRegistry registry) {
    try {
      MetricsEndpoint endpoint = MetricsEndpoint.start(HostPort.parse(config.metrics().address()), registry);
      log.info("metrics on http://{}:{}/metrics", HostPort.parse(config.metrics().address()).host(), endpoint.port());
      return endpoint;
    } catch (RuntimeException e) {
      log.error("metrics endpoint not started: {}", e.getMessage());
      return null;
    }
  }

  /** The port metrics are served on, once started; -1 when disabled or failed. */
  public int metricsPort() {
    MetricsEndpoint endpoint = metrics.join();
    return endpoint == null ? -1 : endpoint.port();
  }

  /** The platform's backend the handlers call. */
  public PodBackend backend() {
    return node.backend();
  }

  /** The unix socket served (not on Windows). */
  public Path socket() {
    return Path.of(config.listen());
  }

  /** Stops accepting calls, lets calls in flight finish within the shutdown timeout, then lets go of the socket. */
  @Override
  public void close() {
    log.info("shutting down: no new calls; waiting up to {} s for calls in flight", config.shutdownTimeoutSeconds());
    server.shutdown();
    try {
      if (!server.awaitTermination(config.shutdownTimeoutSeconds(), TimeUnit.SECONDS)) {
        log.warn("calls still running after {} s; cancelling them", config.shutdownTimeoutSeconds());
        server.shutdownNow();
        server.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    MetricsEndpoint endpoint = metrics.join();
    if (endpoint != null) {
      endpoint.close();
    }
    // The pods outlive the daemon: nothing of theirs is stopped.
    node.close();
    listener.close();
    network.close();
    log.info("stopped");
  }

  private static String verboseInfo(CoracleConfig config, PodNetwork network, Node node) {
    ObjectMapper json = VerboseJson.MAPPER;
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("config", config);
    info.put("pod_cidrs", network.podCidrs().stream().map(Cidr::toString).toList());
    info.putAll(node.describe());
    try {
      return json.writeValueAsString(info);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Built on first verbose status, not at start-up. */
  private static final class VerboseJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .registerModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance))
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }
}

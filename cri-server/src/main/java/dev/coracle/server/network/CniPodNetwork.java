package dev.coracle.server.network;

import dev.coracle.cni.CniException;
import dev.coracle.cni.config.ConfDirWatcher;
import dev.coracle.cni.config.DefaultNetwork;
import dev.coracle.cni.config.NetworkConfigList;
import dev.coracle.cni.config.PluginPaths;
import dev.coracle.cni.exec.Attachment;
import dev.coracle.cni.exec.CniClient;
import dev.coracle.cni.exec.PodRuntimeConf;
import dev.coracle.cni.exec.ResultCache;
import dev.coracle.core.error.CoracleException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.network.Cidr;
import dev.coracle.core.network.PodAttachment;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.core.network.PortMapping;
import dev.coracle.core.status.Condition;
import dev.coracle.server.config.CoracleConfig;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pods' networks through CNI: the first valid configuration in the conf dir (watched, so one
 * added later is used without a restart), else the built-in bridge network when the config
 * allows it. Each attachment's ADD result is cached under the state dir, so a pod is detached
 * with the configuration it was attached with, after a restart or a config change too.
 */
public final class CniPodNetwork implements PodNetwork, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CniPodNetwork.class);

  private final CoracleConfig.CniConfig settings;
  private final PluginPaths plugins;
  private final ResultCache cache;
  private final CniClient client;
  private final ConfDirWatcher watcher;
  private final Path ipamDir;
  private final Histogram duration;
  private volatile List<Cidr> podCidrs = List.of();
  /** The built-in network once a pod used it: its bridge keeps its address, so its ranges stay. */
  private NetworkConfigList builtInInUse;

  private CniPodNetwork(CoracleConfig.CniConfig settings, Path stateDir, PrometheusRegistry registry) {
    this.settings = settings;
    this.duration = Histogram.builder()
        .name("coracle_cni_duration_seconds")
        .help("Time to attach a pod to its network (add) or detach it (del), all plugins of the list")
        .labelNames("operation", "outcome")
        .classicOnly()
        .classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
        .register(registry);
    this.plugins = new PluginPaths(settings.binDirs());
    this.cache = new ResultCache(stateDir.resolve("cni").resolve("results"));
    this.client = new CniClient(plugins::find, settings.binDirs(), cache,
        Duration.ofSeconds(settings.pluginTimeoutSeconds()));
    // host-local's allocations of the built-in network live on the state dir's tmpfs: a
    // reboot, which ends every pod, frees them too.
    this.ipamDir = stateDir.resolve("cni").resolve("networks");
    this.watcher = ConfDirWatcher.start(settings.confDir(), plugins, network -> log.info("pod network is now {}",
        network.map(n -> n.name() + " (" + n.source() + ")").orElse("none configured")));
  }

  public static CniPodNetwork start(CoracleConfig.CniConfig settings, Path stateDir, PrometheusRegistry registry) {
    return new CniPodNetwork(settings, stateDir, registry);
  }

  @Override
  public Condition readiness() {
    Optional<NetworkConfigList> configured = watcher.current();
    if (configured.isPresent()) {
      try {
        // Asks the plugins of a 1.1.0 network (STATUS); older networks are ready without asking.
        client.status(configured.get());
      } catch (CniException e) {
        return Condition.notReady(Condition.NETWORK_READY, "NetworkPluginNotReady", "CNI network "
            + configured.get().name() + " is not ready: " + e.getMessage());
      }
      return Condition.ready(Condition.NETWORK_READY, "CNI network " + configured.get().name() + " from "
          + configured.get().source());
    }
    if (watcher.configured().isPresent() || !settings.defaultNetwork()) {
      // A configured network whose plugins are missing is not ready: pods do not move to
      // another network meanwhile.
      return Condition.notReady(Condition.NETWORK_READY, "NetworkPluginNotReady", watcher.notReadyReason());
    }
    List<String> missing = plugins.missing(builtIn());
    if (missing.isEmpty()) {
      return Condition.ready(Condition.NETWORK_READY, "built-in bridge network " + DefaultNetwork.NAME + " on "
          + String.join(", ", subnets()) + " (no configuration in " + settings.confDir() + ")");
    }
    return Condition.notReady(Condition.NETWORK_READY, "NetworkPluginNotReady",
        "the built-in network needs the CNI plugins " + missing + " in " + settings.binDirs());
  }

  @Override
  public void updatePodCidrs(List<Cidr> cidrs) {
    if (!cidrs.isEmpty()) {
      podCidrs = List.copyOf(cidrs);
    }
  }

  @Override
  public List<Cidr> podCidrs() {
    return podCidrs;
  }

  @Override
  public List<String> attach(PodAttachment pod) {
    NetworkConfigList network = network();
    long start = System.nanoTime();
    String outcome = "failure";
    try {
      List<String> ips = client.add(network, runtimeConf(pod)).podIps();
      outcome = "success";
      return ips;
    } catch (CniException e) {
      throw failure("cannot attach pod " + pod.namespace() + "/" + pod.name() + " to network " + network.name(), e);
    } finally {
      duration.labelValues("add", outcome).observe((System.nanoTime() - start) / 1e9);
    }
  }

  /** Every cached attachment of the pod is deleted with the config it was made with. */
  @Override
  public void detach(PodAttachment pod) {
    for (ResultCache.Key key : cache.all()) {
      if (key.containerId().equals(pod.sandboxId())) {
        long start = System.nanoTime();
        try {
          client.del(key);
          duration.labelValues("del", "success").observe((System.nanoTime() - start) / 1e9);
        } catch (CniException e) {
          duration.labelValues("del", "failure").observe((System.nanoTime() - start) / 1e9);
          throw failure("cannot detach pod " + pod.namespace() + "/" + pod.name() + " from network "
              + key.network(), e);
        }
      }
    }
  }

  /**
   * After a crash between attaching a pod and recording it, or a pod's files lost: detaches every
   * cached attachment whose pod the runtime no longer has, then asks the current network's
   * plugins (spec 1.1.0) to free whatever else they hold for other attachments. Failures are
   * logged: they must not keep the daemon from starting.
   */
  public void collectGarbage(Set<String> liveSandboxIds) {
    Set<Attachment> keep = new HashSet<>();
    for (ResultCache.Key key : cache.all()) {
      if (liveSandboxIds.contains(key.containerId())) {
        keep.add(key.attachment());
        continue;
      }
      try {
        client.del(key);
        log.info("detached {} from network {}: its pod no longer exists", key.containerId(), key.network());
      } catch (CniException e) {
        log.warn("cannot detach the leftover attachment {}: {}", key, e.getMessage());
      }
    }
    watcher.current().ifPresent(network -> {
      try {
        client.gc(network, keep);
      } catch (CniException e) {
        log.warn("CNI GC of network {} failed: {}", network.name(), e.getMessage());
      }
    });
  }

  @Override
  public void close() {
    watcher.close();
  }

  private NetworkConfigList network() {
    Optional<NetworkConfigList> configured = watcher.current();
    if (configured.isPresent()) {
      return configured.get();
    }
    if (watcher.configured().isPresent() || !settings.defaultNetwork()) {
      throw new FailedPreconditionException("the pod network is not ready: " + watcher.notReadyReason());
    }
    synchronized (this) {
      if (builtInInUse == null) {
        builtInInUse = builtIn();
      } else if (!builtInInUse.equals(builtIn())) {
        log.warn("the built-in network keeps the ranges it started with ({}); the pod CIDRs given since apply "
            + "once its bridge {} is gone", builtInInUse.plugins().get(0).path("ipam").path("ranges"),
            DefaultNetwork.BRIDGE);
      }
      return builtInInUse;
    }
  }

  private NetworkConfigList builtIn() {
    try {
      return DefaultNetwork.of(subnets(), ipamDir, plugins);
    } catch (CniException e) {
      throw failure("the built-in network cannot be used", e);
    }
  }

  /** kubelet's pod CIDRs once it gave them, else the configured defaults. */
  private List<String> subnets() {
    List<Cidr> given = podCidrs;
    return given.isEmpty() ? settings.defaultSubnets() : given.stream().map(Cidr::toString).toList();
  }

  /** Only the capability arguments a plugin declares reach it; the rest are dropped by the client. */
  private static PodRuntimeConf runtimeConf(PodAttachment pod) {
    PodRuntimeConf conf = PodRuntimeConf.forPod(pod.sandboxId(), pod.netns(), pod.namespace(), pod.name(), pod.uid())
        .withPortMappings(pod.portMappings().stream().filter(p -> p.hostPort() > 0)
            .map(CniPodNetwork::portMapping).toList())
        .withBandwidth(BandwidthAnnotations.of(pod.annotations()))
        .withCgroupPath("/" + pod.cgroupParent());
    return pod.dns().isEmpty() ? conf
        : conf.withDns(new PodRuntimeConf.Dns(pod.dns().servers(), pod.dns().searches(), pod.dns().options()));
  }

  private static PodRuntimeConf.PortMapping portMapping(PortMapping p) {
    return new PodRuntimeConf.PortMapping(p.hostPort(), p.containerPort(), p.protocol(), p.hostIp());
  }

  /** A plugin's refusal as the runtime's failure family, keeping the plugin's own words. */
  private static CoracleException failure(String what, CniException e) {
    String message = what + ": " + e.getMessage();
    if (e.isTransient()) {
      return new UnavailableException(message, e);
    }
    if (e.code() == CniException.INVALID_NETWORK_CONFIG || e.code() == CniException.INCOMPATIBLE_VERSION) {
      return new FailedPreconditionException(message);
    }
    return new InternalException(message, e);
  }
}

package dev.coracle.server;

import dev.coracle.core.backend.LinuxBackend;
import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.container.ContainerManager;
import dev.coracle.core.image.ImageManager;
import dev.coracle.core.image.ref.Platform;
import dev.coracle.core.monitor.ExitWatcher;
import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.core.sys.LazyLinuxSyscalls;
import dev.coracle.core.sys.LinuxSyscalls;
import dev.coracle.server.config.CoracleConfig;
import dev.coracle.server.config.LinuxSetup;
import dev.coracle.server.config.RegistrySettingsFactory;
import dev.coracle.server.metrics.ImageMetrics;
import dev.coracle.server.network.CniPodNetwork;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A Linux node: images unpacked for overlayfs, pods and containers through runc or crun under conmon. */
final class LinuxNode implements Node {

  private final CgroupDriver driver;
  private final ImageManager images;
  private final LinuxRuntime linux;
  private final ExitWatcher infraExits;
  private final ContainerManager containers;
  private final LinuxBackend backend;

  private LinuxNode(CgroupDriver driver, ImageManager images, LinuxRuntime linux, ExitWatcher infraExits,
      ContainerManager containers) {
    this.driver = driver;
    this.images = images;
    this.linux = linux;
    this.infraExits = infraExits;
    this.containers = containers;
    this.backend = new LinuxBackend(linux.handlers(), linux.sandboxes(), containers);
  }

  /**
   * Checks the programs first (a missing one or an unknown default runtime is refused before
   * anything is touched), then opens the images, recovers the pods and their containers, and
   * frees the network attachments of pods that are gone.
   */
  static LinuxNode open(CoracleConfig config, CniPodNetwork network, PrometheusRegistry registry) {
    CgroupDriver driver = CgroupDriver.select(config.cgroupDriver(), Path.of("/"));
    LinuxSetup setup = LinuxSetup.resolve(config, dev.coracle.server.config.Programs::find);
    LinuxSyscalls syscalls = new LazyLinuxSyscalls();
    ImageManager images = new ImageManager(config.rootDir(), RegistrySettingsFactory.of(config),
        syscalls, Platform.host(), new ImageMetrics(registry));
    LinuxRuntime linux;
    ExitWatcher infraExits;
    try {
      linux = LinuxRuntime.build(config, setup, syscalls, network);
      network.collectGarbage(linux.sandboxes().list().stream().map(SandboxRecord::id)
          .collect(Collectors.toSet()));
      infraExits = linux.watchInfraExits();
    } catch (RuntimeException e) {
      images.close();
      throw e;
    }
    try {
      return new LinuxNode(driver, images, linux, infraExits, linux.openContainers(images));
    } catch (RuntimeException e) {
      LinuxRuntime.closeQuietly(infraExits);
      images.close();
      throw e;
    }
  }

  @Override
  public PodBackend backend() {
    return backend;
  }

  @Override
  public ImageManager images() {
    return images;
  }

  @Override
  public CgroupDriver cgroupDriver() {
    return driver;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("cgroup_driver", driver.name().toLowerCase());
    Map<String, Object> handlers = new LinkedHashMap<>();
    linux.handlers().byName().forEach((name, settings) -> handlers.put(name, Map.of("kind", settings.name(),
        "binary", settings.binary().toString(), "root", settings.root().toString())));
    info.put("default_runtime", linux.handlers().defaultHandler());
    info.put("runtime_handlers", handlers);
    return info;
  }

  @Override
  public void close() {
    LinuxRuntime.closeQuietly(infraExits);
    containers.close();
    images.close();
  }
}

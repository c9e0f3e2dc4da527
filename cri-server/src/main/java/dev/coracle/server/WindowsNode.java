package dev.coracle.server;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.image.ImageManager;
import dev.coracle.core.image.ref.Platform;
import dev.coracle.hcs.backend.HcsBackend;
import dev.coracle.hcs.backend.HostProcesses;
import dev.coracle.hcs.backend.ImageManagerWindowsImages;
import dev.coracle.hcs.backend.WindowsHandlers;
import dev.coracle.hcs.compute.Hcs;
import dev.coracle.hcs.document.Isolation;
import dev.coracle.hcs.fake.FakeJobs;
import dev.coracle.hcs.fake.FakeWindows;
import dev.coracle.hcs.hcn.Hcn;
import dev.coracle.hcs.hostprocess.JobObjectHostProcesses;
import dev.coracle.hcs.image.BackupApi;
import dev.coracle.hcs.image.BackupLayerWriter;
import dev.coracle.hcs.image.DirectoryLayerWriter;
import dev.coracle.hcs.image.WindowsLayerImporter;
import dev.coracle.hcs.image.WindowsLayerWriter;
import dev.coracle.hcs.image.WindowsPlatformPolicy;
import dev.coracle.hcs.nativeapi.Natives;
import dev.coracle.hcs.osversion.HostVersion;
import dev.coracle.hcs.osversion.OsVersion;
import dev.coracle.hcs.storage.LayerStorage;
import dev.coracle.server.config.CoracleConfig;
import dev.coracle.server.config.RegistrySettingsFactory;
import dev.coracle.server.config.WindowsSetup;
import dev.coracle.server.metrics.ImageMetrics;
import dev.coracle.server.network.CniPodNetwork;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Windows node: images of Windows layers imported through computestorage, pods and
 * containers through HCS, pod networks through HCN and CNI (WINDOWS.md). With
 * {@code windows.simulate_host_build} set the same node runs on Linux over the recording
 * simulation of those native calls, so the whole backend can be driven over CRI there.
 */
final class WindowsNode implements Node {

  private static final Logger log = LoggerFactory.getLogger(WindowsNode.class);
  /** Long enough for a utility VM to boot; HCS calls are never cut short (WINDOWS.md §1.1). */
  private static final Duration HCS_TIMEOUT = Duration.ofMinutes(4);

  private final ImageManager images;
  private final HcsBackend backend;
  private final WindowsHandlers handlers;
  private final HostVersion host;
  private final boolean simulated;
  private final String pauseImage;

  private WindowsNode(ImageManager images, HcsBackend backend, WindowsHandlers handlers, HostVersion host,
      boolean simulated, String pauseImage) {
    this.images = images;
    this.backend = backend;
    this.handlers = handlers;
    this.host = host;
    this.simulated = simulated;
    this.pauseImage = pauseImage;
  }

  /**
   * @param simulatedHost the simulated host when {@code windows.simulate_host_build} is set: a
   *     new one per daemon, but a test of restarts hands the same one to each daemon it starts,
   *     as a real host outlives its daemon
   */
  static WindowsNode open(CoracleConfig config, CniPodNetwork network, PrometheusRegistry registry,
      Supplier<FakeWindows> simulatedHost) {
    WindowsHandlers handlers = WindowsSetup.handlers(config);
    boolean simulated = config.windows().simulated();
    Natives natives;
    HostVersion host;
    WindowsLayerWriter.Factory writers;
    if (simulated) {
      log.warn("serving the Windows backend over the recording simulation of HCS, as a host of {}: development only",
          config.windows().simulateHostBuild());
      host = HostVersion.fixed(OsVersion.parse(config.windows().simulateHostBuild()));
      FakeWindows fake = simulatedHost.get();
      // The simulation applies the build rule itself too (0xC0370101), for the host it plays.
      fake.hostBuild(host.get().build());
      natives = fake.natives();
      writers = DirectoryLayerWriter::new;
    } else {
      natives = Natives.load();
      host = HostVersion.windows();
      writers = BackupLayerWriter.factory(BackupApi.load());
    }
    LayerStorage storage = new LayerStorage(natives);
    Path hostProcessRoot = config.stateDir().resolve("hcs").resolve("hostprocess");
    HostProcesses hostProcesses;
    if (simulated) {
      FakeJobs jobs = new FakeJobs();
      hostProcesses = new JobObjectHostProcesses(jobs, jobs, storage,
          new JobObjectHostProcesses.Settings(hostProcessRoot, hostProcessRoot.resolve("hpc"), Map.of()));
    } else {
      hostProcesses = JobObjectHostProcesses.load(storage, hostProcessRoot);
    }
    WindowsLayerImporter importer = new WindowsLayerImporter(writers, (layer, hasUtilityVm) -> storage.setupBaseLayer(layer),
        storage::importLayer);
    Set<String> hyperV = handlers.byName().entrySet().stream()
        .filter(e -> e.getValue() == Isolation.HYPERV).map(Map.Entry::getKey).collect(Collectors.toCollection(HashSet::new));
    if (handlers.isolation("") == Isolation.HYPERV) {
      hyperV.add(""); // a pull that names no handler is for the default one
    }
    WindowsPlatformPolicy policy = new WindowsPlatformPolicy(host, hyperV);
    OsVersion version = host.get();
    ImageManager images = new ImageManager(config.rootDir(), RegistrySettingsFactory.of(config),
        new Platform("windows", "amd64", null, version.major() + "." + version.minor() + "." + version.build()),
        new ImageMetrics(registry), importer, policy);
    try {
      Hcs hcs = new Hcs(natives, HCS_TIMEOUT);
      HcsBackend backend = HcsBackend.open(new HcsBackend.Parts(config.stateDir().resolve("hcs"), hcs,
          new Hcn(natives), storage, new ImageManagerWindowsImages(images), handlers, host, network,
          hostProcesses, config.windows().pauseImage(),
          Runtime.getRuntime().availableProcessors()));
      images.trackUsage(imageId -> backend.usesImage(imageId.toString()));
      network.collectGarbage(backend.sandboxes().stream().map(s -> s.id()).collect(Collectors.toSet()));
      return new WindowsNode(images, backend, handlers, host, simulated, config.windows().pauseImage());
    } catch (RuntimeException e) {
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

  /** Windows has no cgroups; kubelet ignores the driver there and containerd reports cgroupfs. */
  @Override
  public CgroupDriver cgroupDriver() {
    return CgroupDriver.CGROUPFS;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("platform", simulated ? "windows (simulated)" : "windows");
    info.put("host_os_version", host.get().toString());
    info.put("default_runtime", handlers.defaultHandler());
    info.put("runtime_handlers", handlers.byName().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> Map.of("isolation", e.getValue().name().toLowerCase()))));
    info.put("pause_image", pauseImage);
    return info;
  }

  @Override
  public void close() {
    backend.close();
    images.close();
  }
}

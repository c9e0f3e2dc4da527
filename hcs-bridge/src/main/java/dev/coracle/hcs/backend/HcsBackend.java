package dev.coracle.hcs.backend;

import dev.coracle.core.backend.ContainerUsage;
import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.backend.PodUsage;
import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.container.ContainerConfig;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.container.ContainerState;
import dev.coracle.core.container.WindowsResources;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.monitor.ExecResult;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.core.sandbox.SandboxConfig;
import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.core.sandbox.SandboxState;
import dev.coracle.hcs.compute.Hcs;
import dev.coracle.hcs.compute.HcsException;
import dev.coracle.hcs.compute.HcsSystem;
import dev.coracle.hcs.document.ContainerDocuments;
import dev.coracle.hcs.document.CredentialGuardDocuments;
import dev.coracle.hcs.document.Isolation;
import dev.coracle.hcs.document.NamespaceDocuments;
import dev.coracle.hcs.document.StatsReader;
import dev.coracle.hcs.document.WindowsStats;
import dev.coracle.hcs.hcn.Hcn;
import dev.coracle.hcs.osversion.HostVersion;
import dev.coracle.hcs.schema.HcsJson;
import dev.coracle.hcs.storage.LayerStorage;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Windows backend: pods and containers through the Host Compute Service, networks through
 * HCN and CNI, isolation chosen per pod by its runtime handler (WINDOWS.md). Compute systems
 * are created with ShouldTerminateOnLastHandleClosed false, so they outlive the daemon; at start
 * it takes its records back and terminates systems it owns but has no record of.
 */
public final class HcsBackend implements PodBackend {

  private static final Logger log = LoggerFactory.getLogger(HcsBackend.class);

  /**
   * What the backend runs on.
   *
   * @param root its state: pods, containers, scratch layers, records
   * @param pauseImage the image of every pod's pause container and, under Hyper-V, its utility VM
   * @param hostCpus logical processors of the host, for CPU limits
   */
  public record Parts(Path root, Hcs hcs, Hcn hcn, LayerStorage storage, WindowsImages images,
      WindowsHandlers handlers, HostVersion host, PodNetwork network, HostProcesses hostProcesses, String pauseImage,
      int hostCpus) {}

  private final Parts parts;
  private final HcsSandboxes pods;
  private final HcsContainers containers;

  private HcsBackend(Parts parts) {
    this.parts = parts;
    this.pods = new HcsSandboxes(new HcsSandboxes.Parts(parts.root().resolve("pods"), parts.hcs(), parts.hcn(),
        parts.storage(), parts.images(), parts.handlers(), parts.network(), parts.pauseImage(), parts.hostCpus()));
    this.containers = new HcsContainers(new HcsContainers.Parts(parts.root().resolve("containers"), parts.hcs(),
        parts.storage(), parts.images(), parts.handlers(), parts.host(), parts.hostCpus(), parts.hostProcesses()),
        pods);
  }

  /** Opens the backend: records taken back, then what HCS and HCN hold that no record names is let go. */
  public static HcsBackend open(Parts parts) {
    HcsBackend backend = new HcsBackend(parts);
    backend.pods.recover();
    backend.containers.recover();
    backend.reconcile();
    return backend;
  }

  @Override
  public String platform() {
    return "windows";
  }

  @Override
  public List<String> runtimeHandlers() {
    return parts.handlers().names();
  }

  @Override
  public String runSandbox(SandboxConfig config) {
    return pods.run(config);
  }

  @Override
  public void stopSandbox(String id) {
    containers.ofPod(id).forEach(c -> containers.stop(c.id(), Duration.ZERO));
    pods.stop(id);
  }

  @Override
  public void removeSandbox(String id) {
    containers.ofPod(id).forEach(c -> containers.remove(c.id()));
    pods.remove(id);
  }

  /** Windows pods have no pod-level limits in CRI: the utility VM is sized at run from annotations. */
  @Override
  public void updateSandboxResources(String id, CgroupLimits linux) {
    pods.get(id).orElseThrow(() -> new NotFoundException("pod sandbox " + id + " not found"));
  }

  @Override
  public Optional<SandboxRecord> sandbox(String id) {
    return pods.get(id).map(HcsPod::sandbox);
  }

  @Override
  public Collection<SandboxRecord> sandboxes() {
    return pods.list().stream().map(HcsPod::sandbox).toList();
  }

  @Override
  public Map<String, Object> sandboxInfo(String id) {
    HcsPod pod = pods.get(id).orElseThrow(() -> new NotFoundException("pod sandbox " + id + " not found"));
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("runtime_handler", pod.sandbox().runtimeHandler());
    info.put("isolation", pod.isolation().name().toLowerCase());
    info.put("network_namespace", pod.namespaceId());
    info.put("compute_system", pod.systemId());
    info.put("dir", pod.podDir());
    info.put("config", pod.sandbox().config());
    return info;
  }

  @Override
  public String createContainer(String sandboxId, ContainerConfig config) {
    return containers.create(sandboxId, config);
  }

  @Override
  public void startContainer(String id) {
    containers.start(id);
  }

  @Override
  public void stopContainer(String id, Duration timeout) {
    containers.stop(id, timeout);
  }

  @Override
  public void removeContainer(String id) {
    containers.remove(id);
  }

  @Override
  public ContainerRecord container(String id) {
    return containers.get(id).container();
  }

  @Override
  public Collection<ContainerRecord> containers() {
    return containers.list().stream().map(HcsContainer::container).toList();
  }

  @Override
  public Map<String, Object> containerInfo(String id) {
    HcsContainer c = containers.get(id);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("sandboxID", c.container().sandboxId());
    info.put("pid", c.container().status().pid());
    info.put("runtimeHandler", c.container().runtimeHandler());
    info.put("isolation", c.isolation().name().toLowerCase());
    info.put("rootfs", c.rootPath());
    info.put("scratch", c.scratchDir());
    info.put("record", c.container());
    return info;
  }

  @Override
  public ExecResult execSync(String id, List<String> command, Duration timeout) {
    return containers.execSync(id, command, timeout);
  }

  @Override
  public void updateContainerResources(String id, CgroupLimits linux, WindowsResources windows) {
    containers.update(id, windows);
  }

  @Override
  public void reopenContainerLog(String id) {
    containers.reopenLog(id);
  }

  @Override
  public boolean servesStats() {
    return true;
  }

  @Override
  public ContainerUsage containerStats(String id) {
    HcsContainer c = containers.get(id);
    WindowsStats now = containers.sample(c.id());
    return usage(c, now, containers.nanoCores(c.id(), now));
  }

  /** The pod's own system plus its running containers; endpoints from HCN (WINDOWS.md §9). */
  @Override
  public PodUsage sandboxStats(String id) {
    HcsPod pod = pods.get(id).orElseThrow(() -> new NotFoundException("pod sandbox " + id + " not found"));
    if (pod.sandbox().state() != SandboxState.READY) {
      throw new FailedPreconditionException("pod sandbox " + id + " is not ready");
    }
    WindowsStats own = pods.system(id).map(s -> StatsReader.read(s.properties(HcsJson.write(StatsReader.query()))))
        .orElse(new WindowsStats(System.currentTimeMillis() * 1_000_000L, 0, 0, 0, 0));
    long cpu = own.cpuUsageCoreNanos();
    long workingSet = own.memoryWorkingSetBytes();
    long commit = own.memoryCommitBytes();
    long processes = own.processCount();
    Long nanoCores = containers.nanoCores(id, own);
    long sumNanoCores = nanoCores == null ? 0 : nanoCores;
    List<ContainerUsage> running = new ArrayList<>();
    for (HcsContainer c : containers.ofPod(id)) {
      if (c.container().state() != ContainerState.RUNNING) {
        continue;
      }
      WindowsStats s = containers.sample(c.id());
      Long rate = containers.nanoCores(c.id(), s);
      running.add(usage(c, s, rate));
      cpu += s.cpuUsageCoreNanos();
      workingSet += s.memoryWorkingSetBytes();
      commit += s.memoryCommitBytes();
      processes += s.processCount();
      sumNanoCores += rate == null ? 0 : rate;
    }
    return new PodUsage(id, own.timestampNanos(), cpu, nanoCores == null ? null : sumNanoCores, workingSet, commit,
        processes, endpoints(pod), running);
  }

  @Override
  public boolean usesImage(String imageId) {
    return containers.usesImage(imageId);
  }

  @Override
  public void close() {
    containers.close();
    pods.close();
  }

  private List<PodUsage.NetworkUsage> endpoints(HcsPod pod) {
    if (pod.namespaceId().isEmpty()) {
      return List.of();
    }
    List<PodUsage.NetworkUsage> interfaces = new ArrayList<>();
    for (String endpoint : NamespaceDocuments.endpointIds(parts.hcn().namespaceProperties(pod.namespaceId()))) {
      JsonNode stats = HcsJson.readTree(parts.hcn().endpointStats(endpoint));
      interfaces.add(new PodUsage.NetworkUsage(endpoint, stats.path("BytesReceived").asLong(),
          stats.path("DroppedPacketsIncoming").asLong(), stats.path("BytesSent").asLong(),
          stats.path("DroppedPacketsOutgoing").asLong()));
    }
    return interfaces;
  }

  private static ContainerUsage usage(HcsContainer c, WindowsStats s, Long nanoCores) {
    long layerBytes = 0;
    if (!c.scratchDir().isEmpty()) {
      try (var files = Files.walk(Path.of(c.scratchDir()))) {
        layerBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        layerBytes = 0;
      }
    }
    return new ContainerUsage(c.id(), s.timestampNanos(), s.cpuUsageCoreNanos(), nanoCores,
        s.memoryWorkingSetBytes(), s.memoryCommitBytes(), c.scratchDir(), layerBytes, 0);
  }

  /**
   * Lets go of what a crash between a create and its record left: compute systems owned by
   * coracle that no record names are terminated, and gMSA instances of no container removed.
   */
  private void reconcile() {
    Set<String> known = new HashSet<>();
    pods.list().forEach(p -> known.add(p.systemId()));
    containers.list().forEach(c -> known.add(c.id()));
    JsonNode owned = HcsJson.readTree(parts.hcs().enumerate(HcsJson.write(ContainerDocuments.ownedSystems())));
    for (JsonNode system : owned) {
      String id = system.path("Id").asText();
      if (!id.isEmpty() && !known.contains(id)) {
        log.warn("terminating compute system {}: owned by coracle, but no pod or container of it is recorded", id);
        try (HcsSystem orphan = parts.hcs().open(id)) {
          HcsSandboxes.terminate(orphan);
        } catch (HcsException e) {
          log.warn("cannot terminate orphaned compute system {}: {}", id, e.getMessage());
        }
      }
    }
    String guards = parts.hcs().serviceProperties(HcsJson.write(CredentialGuardDocuments.query()));
    for (String instance : CredentialGuardDocuments.instanceIds(guards)) {
      if (!known.contains(instance)) {
        parts.hcs().modifyServiceSettings(HcsJson.write(CredentialGuardDocuments.removeInstance(instance)));
      }
    }
  }

  /** Isolation of a handler, for the image policy and tests. */
  public Isolation isolation(String runtimeHandler) {
    return parts.handlers().isolation(runtimeHandler);
  }
}

package dev.coracle.server.translate;

import dev.coracle.core.backend.ContainerUsage;
import dev.coracle.core.backend.PodUsage;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.cri.v1.ContainerAttributes;
import dev.coracle.cri.v1.ContainerMetadata;
import dev.coracle.cri.v1.ContainerStats;
import dev.coracle.cri.v1.CpuUsage;
import dev.coracle.cri.v1.FilesystemIdentifier;
import dev.coracle.cri.v1.FilesystemUsage;
import dev.coracle.cri.v1.MemoryUsage;
import dev.coracle.cri.v1.PodSandboxAttributes;
import dev.coracle.cri.v1.PodSandboxMetadata;
import dev.coracle.cri.v1.PodSandboxStats;
import dev.coracle.cri.v1.UInt64Value;
import dev.coracle.cri.v1.WindowsContainerStats;
import dev.coracle.cri.v1.WindowsCpuUsage;
import dev.coracle.cri.v1.WindowsFilesystemUsage;
import dev.coracle.cri.v1.WindowsMemoryUsage;
import dev.coracle.cri.v1.WindowsNetworkInterfaceUsage;
import dev.coracle.cri.v1.WindowsNetworkUsage;
import dev.coracle.cri.v1.WindowsPodSandboxStats;
import dev.coracle.cri.v1.WindowsProcessUsage;
import java.util.Map;

/**
 * The backends' usage samples to CRI's stats messages. What a backend cannot measure is left
 * unset rather than sent as zero, so kubelet can tell "none" from "unknown".
 */
public final class StatsTranslator {

  private StatsTranslator() {}

  public static ContainerStats container(ContainerRecord record, ContainerUsage usage) {
    ContainerStats.Builder stats = ContainerStats.newBuilder()
        .setAttributes(attributes(record))
        .setCpu(cpu(usage))
        .setMemory(MemoryUsage.newBuilder().setTimestamp(usage.timestampNanos())
            .setWorkingSetBytes(u64(usage.memoryWorkingSetBytes()))
            .setUsageBytes(u64(usage.memoryUsageBytes())));
    if (!usage.writableLayerMount().isEmpty()) {
      stats.setWritableLayer(FilesystemUsage.newBuilder().setTimestamp(usage.timestampNanos())
          .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(usage.writableLayerMount()))
          .setUsedBytes(u64(usage.writableLayerBytes()))
          .setInodesUsed(u64(usage.writableLayerInodes())));
    }
    return stats.build();
  }

  /** A Windows pod's stats: its own sums, each running container, its endpoints, its processes. */
  public static PodSandboxStats windowsPod(SandboxRecord pod, PodUsage usage, Map<String, ContainerRecord> containers) {
    long at = usage.timestampNanos();
    WindowsPodSandboxStats.Builder windows = WindowsPodSandboxStats.newBuilder()
        .setCpu(windowsCpu(at, usage.cpuUsageCoreNanos(), usage.cpuUsageNanoCores()))
        .setMemory(WindowsMemoryUsage.newBuilder().setTimestamp(at)
            .setWorkingSetBytes(u64(usage.memoryWorkingSetBytes()))
            .setCommitMemoryBytes(u64(usage.memoryCommitBytes())))
        .setProcess(WindowsProcessUsage.newBuilder().setTimestamp(at).setProcessCount(u64(usage.processCount())));
    WindowsNetworkUsage.Builder network = WindowsNetworkUsage.newBuilder().setTimestamp(at);
    for (PodUsage.NetworkUsage i : usage.interfaces()) {
      WindowsNetworkInterfaceUsage one = WindowsNetworkInterfaceUsage.newBuilder().setName(i.name())
          .setRxBytes(u64(i.rxBytes())).setRxPacketsDropped(u64(i.rxDropped()))
          .setTxBytes(u64(i.txBytes())).setTxPacketsDropped(u64(i.txDropped())).build();
      if (network.getInterfacesCount() == 0) {
        network.setDefaultInterface(one);
      }
      network.addInterfaces(one);
    }
    windows.setNetwork(network);
    for (ContainerUsage c : usage.containers()) {
      ContainerRecord record = containers.get(c.containerId());
      if (record == null) {
        continue;
      }
      WindowsContainerStats.Builder one = WindowsContainerStats.newBuilder()
          .setAttributes(attributes(record))
          .setCpu(windowsCpu(c.timestampNanos(), c.cpuUsageCoreNanos(), c.cpuUsageNanoCores()))
          .setMemory(WindowsMemoryUsage.newBuilder().setTimestamp(c.timestampNanos())
              .setWorkingSetBytes(u64(c.memoryWorkingSetBytes()))
              .setCommitMemoryBytes(u64(c.memoryUsageBytes())));
      if (!c.writableLayerMount().isEmpty()) {
        one.setWritableLayer(WindowsFilesystemUsage.newBuilder().setTimestamp(c.timestampNanos())
            .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(c.writableLayerMount()))
            .setUsedBytes(u64(c.writableLayerBytes())));
      }
      windows.addContainers(one);
    }
    return PodSandboxStats.newBuilder().setAttributes(attributes(pod)).setWindows(windows).build();
  }

  private static CpuUsage cpu(ContainerUsage usage) {
    CpuUsage.Builder cpu = CpuUsage.newBuilder().setTimestamp(usage.timestampNanos())
        .setUsageCoreNanoSeconds(u64(usage.cpuUsageCoreNanos()));
    if (usage.cpuUsageNanoCores() != null) {
      cpu.setUsageNanoCores(u64(usage.cpuUsageNanoCores()));
    }
    return cpu.build();
  }

  private static WindowsCpuUsage windowsCpu(long at, long coreNanos, Long nanoCores) {
    WindowsCpuUsage.Builder cpu = WindowsCpuUsage.newBuilder().setTimestamp(at).setUsageCoreNanoSeconds(u64(coreNanos));
    if (nanoCores != null) {
      cpu.setUsageNanoCores(u64(nanoCores));
    }
    return cpu.build();
  }

  static ContainerAttributes attributes(ContainerRecord r) {
    return ContainerAttributes.newBuilder().setId(r.id())
        .setMetadata(ContainerMetadata.newBuilder().setName(r.config().name()).setAttempt(r.config().attempt()))
        .putAllLabels(r.config().labels()).putAllAnnotations(r.config().annotations()).build();
  }

  static PodSandboxAttributes attributes(SandboxRecord r) {
    return PodSandboxAttributes.newBuilder().setId(r.id())
        .setMetadata(PodSandboxMetadata.newBuilder().setName(r.config().name()).setNamespace(r.config().namespace())
            .setUid(r.config().uid()).setAttempt(r.config().attempt()))
        .putAllLabels(r.config().labels()).putAllAnnotations(r.config().annotations()).build();
  }

  private static UInt64Value u64(long value) {
    return UInt64Value.newBuilder().setValue(Math.max(0, value)).build();
  }
}

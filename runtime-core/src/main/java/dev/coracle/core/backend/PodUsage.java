package dev.coracle.core.backend;

import java.util.List;

/**
 * One sample of a pod's usage: the pod's own (its sandbox container on Windows) plus its
 * running containers.
 *
 * @param processCount processes across the pod
 * @param interfaces the pod's network interfaces (endpoints on Windows), the default first
 */
public record PodUsage(String sandboxId, long timestampNanos, long cpuUsageCoreNanos, Long cpuUsageNanoCores,
    long memoryWorkingSetBytes, long memoryCommitBytes, long processCount, List<NetworkUsage> interfaces,
    List<ContainerUsage> containers) {

  public PodUsage {
    interfaces = List.copyOf(interfaces);
    containers = List.copyOf(containers);
  }

  /** Counters of one interface. */
  public record NetworkUsage(String name, long rxBytes, long rxDropped, long txBytes, long txDropped) {}
}

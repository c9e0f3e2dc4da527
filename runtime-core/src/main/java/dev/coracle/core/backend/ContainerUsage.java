package dev.coracle.core.backend;

/**
 * One sample of a container's usage, as CRI's stats report it.
 *
 * @param timestampNanos when the counters were read, epoch nanoseconds
 * @param cpuUsageCoreNanos CPU time used since the start
 * @param cpuUsageNanoCores the rate since the previous sample; null for the first sample
 * @param memoryWorkingSetBytes the working set
 * @param memoryUsageBytes all memory charged (commit on Windows)
 * @param writableLayerMount where the writable layer lives; empty when unknown
 * @param writableLayerBytes bytes in the writable layer
 * @param writableLayerInodes files in the writable layer
 */
public record ContainerUsage(String containerId, long timestampNanos, long cpuUsageCoreNanos, Long cpuUsageNanoCores,
    long memoryWorkingSetBytes, long memoryUsageBytes, String writableLayerMount, long writableLayerBytes,
    long writableLayerInodes) {}

package dev.coracle.hcs.document;

/**
 * One sample of a Windows container's statistics in CRI's units (WINDOWS.md §9).
 *
 * @param timestampNanos when HCS took the sample, nanoseconds since the epoch
 * @param cpuUsageCoreNanos CPU time of all its processes, nanoseconds
 * @param memoryWorkingSetBytes private working set ({@code working_set_bytes})
 * @param memoryCommitBytes committed memory ({@code usage_bytes}, {@code commit_memory_bytes})
 * @param processCount processes in the container
 */
public record WindowsStats(
    long timestampNanos,
    long cpuUsageCoreNanos,
    long memoryWorkingSetBytes,
    long memoryCommitBytes,
    int processCount) {}

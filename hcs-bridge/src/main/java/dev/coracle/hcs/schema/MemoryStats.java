package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code MemoryStats}, in bytes (WINDOWS.md §2d). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MemoryStats(
    @JsonProperty("MemoryUsageCommitBytes") long memoryUsageCommitBytes,
    @JsonProperty("MemoryUsageCommitPeakBytes") long memoryUsageCommitPeakBytes,
    @JsonProperty("MemoryUsagePrivateWorkingSetBytes") long memoryUsagePrivateWorkingSetBytes) {}

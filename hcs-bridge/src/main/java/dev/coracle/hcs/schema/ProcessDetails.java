package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code ProcessDetails}: one process of a {@code ProcessList} (WINDOWS.md §2d). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProcessDetails(
    @JsonProperty("ProcessId") long processId,
    @JsonProperty("ImageName") String imageName,
    @JsonProperty("CreateTimestamp") String createTimestamp,
    @JsonProperty("UserTime100ns") long userTime100ns,
    @JsonProperty("KernelTime100ns") long kernelTime100ns,
    @JsonProperty("MemoryCommitBytes") long memoryCommitBytes,
    @JsonProperty("MemoryWorkingSetPrivateBytes") long memoryWorkingSetPrivateBytes,
    @JsonProperty("MemoryWorkingSetSharedBytes") long memoryWorkingSetSharedBytes) {}

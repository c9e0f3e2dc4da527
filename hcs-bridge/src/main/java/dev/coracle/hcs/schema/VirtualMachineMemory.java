package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code VirtualMachine_Memory}: the utility VM's memory in MB (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualMachineMemory(
    @JsonProperty("SizeInMB") Long sizeInMB,
    @JsonProperty("AllowOvercommit") Boolean allowOvercommit,
    @JsonProperty("EnableHotHint") Boolean enableHotHint,
    @JsonProperty("EnableDeferredCommit") Boolean enableDeferredCommit) {}

package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code Topology}: memory and processors of a utility VM (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ComputeTopology(
    @JsonProperty("Memory") VirtualMachineMemory memory,
    @JsonProperty("Processor") VirtualMachineProcessor processor) {}

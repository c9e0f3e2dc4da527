package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code VirtualMachine_Processor}: the utility VM's vCPUs (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualMachineProcessor(
    @JsonProperty("Count") Integer count,
    @JsonProperty("Limit") Integer limit,
    @JsonProperty("Weight") Integer weight) {}

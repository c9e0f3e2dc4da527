package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code VirtualMachine}: a utility VM (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualMachine(
    @JsonProperty("StopOnReset") Boolean stopOnReset,
    @JsonProperty("Chipset") Chipset chipset,
    @JsonProperty("ComputeTopology") ComputeTopology computeTopology,
    @JsonProperty("Devices") Devices devices,
    @JsonProperty("GuestConnection") GuestConnection guestConnection) {}

package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code StorageQoS}: I/O limits of the container's storage (WINDOWS.md §2a). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StorageQoS(
    @JsonProperty("IopsMaximum") Long iopsMaximum,
    @JsonProperty("BandwidthMaximum") Long bandwidthMaximum) {}

package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code ModificationRequest} sent to the guest: {@code ResourceType}
 * (MappedVirtualDisk, CombinedLayers, NetworkNamespace, Network, ...), {@code RequestType} and
 * settings (WINDOWS.md §2b).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GuestModifyRequest(
    @JsonProperty("ResourceType") String resourceType,
    @JsonProperty("RequestType") String requestType,
    @JsonProperty("Settings") Object settings) {}

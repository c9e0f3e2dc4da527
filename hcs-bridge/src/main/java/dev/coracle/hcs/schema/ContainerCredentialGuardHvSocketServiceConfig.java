package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code ContainerCredentialGuardHvSocketServiceConfig}: the hvsocket service a Hyper-V
 * container reaches its instance through (WINDOWS.md §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerCredentialGuardHvSocketServiceConfig(
    @JsonProperty("ServiceId") String serviceId,
    @JsonProperty("ServiceConfig") HvSocketServiceConfig serviceConfig) {}

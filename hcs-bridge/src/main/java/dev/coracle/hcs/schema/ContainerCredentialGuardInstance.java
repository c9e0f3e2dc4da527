package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code ContainerCredentialGuardInstance}: one instance in the service properties
 * (WINDOWS.md §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerCredentialGuardInstance(
    @JsonProperty("Id") String id,
    @JsonProperty("CredentialGuard") ContainerCredentialGuard credentialGuard,
    @JsonProperty("HvSocketConfig") ContainerCredentialGuardHvSocketServiceConfig hvSocketConfig) {}

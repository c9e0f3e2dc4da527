package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code ContainerCredentialGuardAddInstanceRequest}: the {@code OperationDetails} of an
 * AddInstance (WINDOWS.md §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerCredentialGuardAddInstanceRequest(
    @JsonProperty("Id") String id,
    @JsonProperty("CredentialSpec") String credentialSpec,
    @JsonProperty("Transport") String transport) {}

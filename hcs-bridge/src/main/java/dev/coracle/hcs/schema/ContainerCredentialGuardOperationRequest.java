package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code ContainerCredentialGuardOperationRequest}: {@code Operation} AddInstance or
 * RemoveInstance with its details (WINDOWS.md §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerCredentialGuardOperationRequest(
    @JsonProperty("Operation") String operation,
    @JsonProperty("OperationDetails") Object operationDetails) {}

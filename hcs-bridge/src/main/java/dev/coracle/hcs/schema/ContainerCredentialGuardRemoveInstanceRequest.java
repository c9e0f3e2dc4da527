package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code ContainerCredentialGuardRemoveInstanceRequest}: the {@code OperationDetails} of
 * a RemoveInstance (WINDOWS.md §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerCredentialGuardRemoveInstanceRequest(@JsonProperty("Id") String id) {}

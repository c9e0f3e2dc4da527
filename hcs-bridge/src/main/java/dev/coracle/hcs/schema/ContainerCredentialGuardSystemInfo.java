package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * HCS schema {@code ContainerCredentialGuardSystemInfo}: the instances the service holds
 * (WINDOWS.md §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerCredentialGuardSystemInfo(
    @JsonProperty("Instances") List<ContainerCredentialGuardInstance> instances) {}

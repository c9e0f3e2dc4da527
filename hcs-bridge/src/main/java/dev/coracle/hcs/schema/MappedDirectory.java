package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code MappedDirectory}: a host directory visible in the container (WINDOWS.md §2a,
 * §2e).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MappedDirectory(
    @JsonProperty("HostPath") String hostPath,
    @JsonProperty("HostPathType") String hostPathType,
    @JsonProperty("ContainerPath") String containerPath,
    @JsonProperty("ReadOnly") Boolean readOnly) {}

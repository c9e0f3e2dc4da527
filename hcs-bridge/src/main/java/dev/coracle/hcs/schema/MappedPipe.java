package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code MappedPipe}: a host named pipe visible in the container as {@code
 * \\.\pipe\<ContainerPipeName>} (WINDOWS.md §2a).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MappedPipe(
    @JsonProperty("ContainerPipeName") String containerPipeName,
    @JsonProperty("HostPath") String hostPath,
    @JsonProperty("HostPathType") String hostPathType) {}

package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code Container_Memory}: the container's memory limit in MB (WINDOWS.md §2a, §8). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerMemory(@JsonProperty("SizeInMB") Long sizeInMB) {}

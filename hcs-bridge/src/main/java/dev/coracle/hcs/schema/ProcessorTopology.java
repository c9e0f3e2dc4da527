package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS service property {@code ProcessorTopology}; hcsshim's source of the host's CPU count
 * (WINDOWS.md §2d).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProcessorTopology(@JsonProperty("LogicalProcessorCount") int logicalProcessorCount) {}

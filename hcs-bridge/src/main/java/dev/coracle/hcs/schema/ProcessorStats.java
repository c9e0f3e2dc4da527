package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code ProcessorStats}, in 100 ns units (WINDOWS.md §2d). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProcessorStats(
    @JsonProperty("TotalRuntime100ns") long totalRuntime100ns,
    @JsonProperty("RuntimeUser100ns") long runtimeUser100ns,
    @JsonProperty("RuntimeKernel100ns") long runtimeKernel100ns) {}

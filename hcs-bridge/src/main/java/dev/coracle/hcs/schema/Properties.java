package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * HCS schema {@code Properties}: the result of a property query, and each entry of an enumeration
 * (WINDOWS.md §2d).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Properties(
    @JsonProperty("Id") String id,
    @JsonProperty("Name") String name,
    @JsonProperty("SystemType") String systemType,
    @JsonProperty("Owner") String owner,
    @JsonProperty("RuntimeId") String runtimeId,
    @JsonProperty("State") String state,
    @JsonProperty("Stopped") Boolean stopped,
    @JsonProperty("ExitType") String exitType,
    @JsonProperty("Statistics") Statistics statistics,
    @JsonProperty("ProcessList") List<ProcessDetails> processList) {}

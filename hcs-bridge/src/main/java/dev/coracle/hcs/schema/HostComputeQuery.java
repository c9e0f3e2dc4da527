package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCN {@code HostComputeQuery}: {@code Filter} is a JSON object as a string, e.g. {@code
 * {"ID":"<guid>"}}; Flags 1 = detailed (WINDOWS.md §1.6).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HostComputeQuery(
    @JsonProperty("SchemaVersion") SchemaVersion schemaVersion,
    @JsonProperty("Flags") int flags,
    @JsonProperty("Filter") String filter) {}

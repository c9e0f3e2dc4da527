package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code HostedSystem}: a container inside a utility VM (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HostedSystem(
    @JsonProperty("SchemaVersion") SchemaVersion schemaVersion,
    @JsonProperty("Container") Container container) {}

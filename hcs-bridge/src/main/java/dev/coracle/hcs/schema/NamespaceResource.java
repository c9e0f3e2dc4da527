package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An HCN namespace resource, {@code Type} Endpoint or Container (WINDOWS.md §4). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NamespaceResource(
    @JsonProperty("Type") String type, @JsonProperty("Data") NamespaceResourceData data) {}

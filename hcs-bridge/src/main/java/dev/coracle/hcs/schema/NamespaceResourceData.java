package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The data of an HCN namespace resource: the endpoint's GUID (WINDOWS.md §4). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NamespaceResourceData(@JsonProperty("ID") String id) {}

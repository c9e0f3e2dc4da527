package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Settings of an HCN namespace endpoint add or remove (WINDOWS.md §4). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NamespaceEndpointSettings(@JsonProperty("EndpointId") String endpointId) {}

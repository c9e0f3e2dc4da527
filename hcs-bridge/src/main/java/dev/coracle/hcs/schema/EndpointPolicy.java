package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** HCN {@code EndpointPolicy}: a type and its free-form settings (WINDOWS.md §4). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EndpointPolicy(
    @JsonProperty("Type") String type, @JsonProperty("Settings") JsonNode settings) {}

package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCN {@code Route} of an endpoint (WINDOWS.md §4). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Route(
    @JsonProperty("NextHop") String nextHop,
    @JsonProperty("DestinationPrefix") String destinationPrefix,
    @JsonProperty("Metric") Integer metric) {}

package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code NetworkAdapter}: a utility VM NIC bound to an HCN endpoint (WINDOWS.md §2b).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NetworkAdapter(
    @JsonProperty("EndpointId") String endpointId, @JsonProperty("MacAddress") String macAddress) {}

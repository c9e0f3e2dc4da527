package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCN {@code IpConfig} of an endpoint (WINDOWS.md §4). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IpConfig(
    @JsonProperty("IpAddress") String ipAddress,
    @JsonProperty("PrefixLength") Integer prefixLength) {}

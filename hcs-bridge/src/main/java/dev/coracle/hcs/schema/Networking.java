package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code Networking}: the HCN namespace the container joins (WINDOWS.md §2a, §4). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Networking(
    @JsonProperty("Namespace") String namespace,
    @JsonProperty("AllowUnqualifiedDnsQuery") Boolean allowUnqualifiedDnsQuery,
    @JsonProperty("DnsSearchList") String dnsSearchList) {}

package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** HCN {@code Dns} of an endpoint (WINDOWS.md §4). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Dns(
    @JsonProperty("Domain") String domain,
    @JsonProperty("Search") List<String> search,
    @JsonProperty("ServerList") List<String> serverList,
    @JsonProperty("Options") List<String> options) {}

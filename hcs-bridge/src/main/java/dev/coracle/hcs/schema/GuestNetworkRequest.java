package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The settings of a guest {@code Network} request: the adapter and the inner request type (PreAdd,
 * Add) (WINDOWS.md §2b).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GuestNetworkRequest(
    @JsonProperty("AdapterId") String adapterId,
    @JsonProperty("RequestType") String requestType,
    @JsonProperty("Settings") Object settings) {}

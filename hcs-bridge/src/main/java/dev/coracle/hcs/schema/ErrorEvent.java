package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One event of a {@code ResultError} (WINDOWS.md §1.3). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorEvent(
    @JsonProperty("Message") String message,
    @JsonProperty("StackTrace") String stackTrace,
    @JsonProperty("Provider") String provider,
    @JsonProperty("EventId") long eventId,
    @JsonProperty("Flags") long flags,
    @JsonProperty("Source") String source) {}

package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code CloseHandle} of a {@code ProcessModifyRequest}: StdIn, StdOut, StdErr or All
 * (WINDOWS.md §2c).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CloseHandle(@JsonProperty("Handle") String handle) {}

package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code Layer}: one read-only parent layer, by its GUID and directory (WINDOWS.md §2a,
 * §3).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Layer(@JsonProperty("Id") String id, @JsonProperty("Path") String path) {}

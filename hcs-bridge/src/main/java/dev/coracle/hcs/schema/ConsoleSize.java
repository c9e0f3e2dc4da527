package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code ConsoleSize} of a {@code ProcessModifyRequest} (WINDOWS.md §2c). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ConsoleSize(@JsonProperty("Height") int height, @JsonProperty("Width") int width) {}

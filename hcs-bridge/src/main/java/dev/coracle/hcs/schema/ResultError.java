package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The error document an HCS operation returns on failure (WINDOWS.md §1.3); {@code Error} is the
 * HRESULT.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResultError(
    @JsonProperty("Error") int error,
    @JsonProperty("ErrorMessage") String errorMessage,
    @JsonProperty("ErrorEvents") List<ErrorEvent> errorEvents) {}

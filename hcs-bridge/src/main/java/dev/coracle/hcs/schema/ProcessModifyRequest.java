package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code ProcessModifyRequest} for {@code HcsModifyProcess}: Operation ConsoleSize or
 * CloseHandle (WINDOWS.md §2c).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProcessModifyRequest(
    @JsonProperty("Operation") String operation,
    @JsonProperty("ConsoleSize") ConsoleSize consoleSize,
    @JsonProperty("CloseHandle") CloseHandle closeHandle) {}

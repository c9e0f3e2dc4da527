package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code SystemExitStatus}: event data of SystemExited; {@code ExitType} is
 * GracefulExit, ForcedExit, UnexpectedExit or Unknown (WINDOWS.md §1.2).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SystemExitStatus(
    @JsonProperty("Status") int status, @JsonProperty("ExitType") String exitType) {}

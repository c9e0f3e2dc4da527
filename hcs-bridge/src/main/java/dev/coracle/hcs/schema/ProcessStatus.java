package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code ProcessStatus}: event data of ProcessExited; the exit code is a DWORD, hence
 * {@code long} (WINDOWS.md §1.2).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProcessStatus(
    @JsonProperty("ProcessId") long processId,
    @JsonProperty("Exited") boolean exited,
    @JsonProperty("ExitCode") long exitCode,
    @JsonProperty("LastWaitResult") int lastWaitResult) {}

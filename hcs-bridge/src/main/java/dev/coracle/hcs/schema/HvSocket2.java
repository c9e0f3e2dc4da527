package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code HvSocket2}, the utility VM's hvsocket device: {@code {"HvSocketConfig":
 * HvSocketSystemConfig}} (WINDOWS.md §2b).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HvSocket2(@JsonProperty("HvSocketConfig") HvSocketSystemConfig hvSocketConfig) {}

package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code HvSocket} of a container: {@code {"Config": HvSocketSystemConfig}} (WINDOWS.md
 * §2a).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HvSocket(
    @JsonProperty("Config") HvSocketSystemConfig config,
    @JsonProperty("EnablePowerShellDirect") Boolean enablePowerShellDirect) {}

package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code SignalProcessOptions}: CtrlC, CtrlBreak, CtrlClose, CtrlLogOff or CtrlShutdown
 * (WINDOWS.md §2c).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SignalProcessOptions(@JsonProperty("Signal") String signal) {}

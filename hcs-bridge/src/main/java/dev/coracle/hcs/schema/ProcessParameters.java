package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * HCS schema {@code ProcessParameters}, the document of {@code HcsCreateProcess}. Windows takes one
 * {@code CommandLine}; {@code ConsoleSize} is [height, width]; with {@code EmulateConsole} the
 * stderr pipe is ignored. {@code CommandArgs} works only for Linux guests and is left out
 * (WINDOWS.md §2c).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProcessParameters(
    @JsonProperty("ApplicationName") String applicationName,
    @JsonProperty("CommandLine") String commandLine,
    @JsonProperty("User") String user,
    @JsonProperty("WorkingDirectory") String workingDirectory,
    @JsonProperty("Environment") Map<String, String> environment,
    @JsonProperty("RestrictedToken") Boolean restrictedToken,
    @JsonProperty("EmulateConsole") Boolean emulateConsole,
    @JsonProperty("CreateStdInPipe") Boolean createStdInPipe,
    @JsonProperty("CreateStdOutPipe") Boolean createStdOutPipe,
    @JsonProperty("CreateStdErrPipe") Boolean createStdErrPipe,
    @JsonProperty("ConsoleSize") List<Integer> consoleSize,
    @JsonProperty("UseExistingLogin") Boolean useExistingLogin,
    @JsonProperty("UseLegacyConsole") Boolean useLegacyConsole) {}

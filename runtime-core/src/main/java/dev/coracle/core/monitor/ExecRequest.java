package dev.coracle.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import java.time.Duration;
import java.util.List;

/**
 * A command to run in a running container, waiting for its end.
 *
 * @param process the OCI runtime spec's {@code process} object for the command (args, env, cwd,
 *     user, capabilities, ...); copied, so later changes to the caller's node do not leak in
 * @param timeout how long the command may run before it is killed; zero for no limit
 */
public record ExecRequest(String containerId, OciRuntimeSettings runtime, JsonNode process, Duration timeout) {

  public ExecRequest {
    OciRuntime.checkId(containerId);
    if (!process.path("args").isArray() || process.path("args").isEmpty()) {
      throw new InvalidArgumentException("exec in " + containerId + ": the command is empty");
    }
    if (timeout.isNegative()) {
      throw new InvalidArgumentException("exec in " + containerId + ": negative timeout " + timeout);
    }
    process = process.deepCopy();
  }

  /**
   * The command {@code args} run as the container's own process runs (same user, environment,
   * working directory, capabilities), without a terminal: ExecSync never has one.
   *
   * @param containerProcess the {@code process} object of the container's {@code config.json}
   */
  public static ExecRequest of(String containerId, OciRuntimeSettings runtime, JsonNode containerProcess,
      List<String> args, Duration timeout) {
    ObjectNode process = containerProcess.deepCopy();
    process.putArray("args").addAll(args.stream().map(process::textNode).toList());
    process.put("terminal", false);
    process.remove("consoleSize");
    return new ExecRequest(containerId, runtime, process, timeout);
  }
}

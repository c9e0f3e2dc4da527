package dev.coracle.core.oci.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.error.CoracleException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.error.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The OCI runtime program (runc or crun) driven through its command line. Creation is not
 * here: containers are created by conmon, which runs the runtime's {@code create} itself and
 * keeps the container's stdio (see {@code dev.coracle.core.monitor.Conmon}).
 *
 * <p>Failures carry the runtime's own message: a container the runtime does not know is a
 * {@link NotFoundException}, a container in the wrong state a {@link FailedPreconditionException},
 * a runtime that hangs an {@link UnavailableException}, anything else an {@link InternalException}.
 */
public final class OciRuntime {

  /**
   * The container IDs this runtime accepts: what runc allows, less the dot, which conmon's
   * temporary exit files use ({@code <id>.XXXXXX}) and which no Coracle ID contains.
   */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+-]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OciRuntimeSettings settings;
  private final ProcessRunner runner;

  public OciRuntime(OciRuntimeSettings settings, ProcessRunner runner) {
    this.settings = settings;
    this.runner = runner;
  }

  public OciRuntimeSettings settings() {
    return settings;
  }

  /** Fails with {@link InvalidArgumentException} unless {@code id} is a container ID this layer accepts. */
  public static String checkId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new InvalidArgumentException("invalid container ID \"" + id
          + "\": 1 to 128 letters, digits, '_', '+' or '-', not starting with a sign");
    }
    return id;
  }

  /** The container's state; empty when the runtime does not know it (never created, or deleted). */
  public Optional<ContainerState> state(String id) {
    checkId(id);
    ProcessResult result = run(List.of("state", id), id);
    if (!result.succeeded()) {
      CoracleException failure = failure("state", id, result);
      if (failure instanceof NotFoundException || !Files.exists(settings.root().resolve(id))) {
        return Optional.empty();
      }
      throw failure;
    }
    return Optional.of(parseState(result.stdout()));
  }

  /** Every container in the runtime's root. */
  public List<ContainerState> list() {
    ProcessResult result = run(List.of("list", "--format=json"), "");
    if (!result.succeeded()) {
      throw failure("list", "", result);
    }
    List<ContainerState> states = new ArrayList<>();
    for (JsonNode node : readJson(result.stdout())) {
      states.add(toState(node));
    }
    return states;
  }

  /** Runs the user process of a created container. */
  public void start(String id) {
    check("start", List.of("start", checkId(id)), id);
  }

  /**
   * Sends a signal to the container's init process, or with {@code all} to every process in it.
   *
   * @param signal a Linux signal number (15 for SIGTERM, 9 for SIGKILL)
   */
  public void kill(String id, int signal, boolean all) {
    if (signal < 1 || signal > 64) {
      throw new InvalidArgumentException("signal must be 1 to 64, not " + signal);
    }
    List<String> args = all
        ? List.of("kill", "--all", checkId(id), Integer.toString(signal))
        : List.of("kill", checkId(id), Integer.toString(signal));
    check("kill", args, id);
  }

  /**
   * Deletes the container's runtime state and cgroups. Deleting a container the runtime does
   * not know succeeds, so a retried removal does not fail. Without {@code force} only stopped
   * or created containers can be deleted; with it a running one is killed first.
   */
  public void delete(String id, boolean force) {
    checkId(id);
    List<String> args = force ? List.of("delete", "--force", id) : List.of("delete", id);
    ProcessResult result = run(args, id);
    if (!result.succeeded()) {
      CoracleException failure = failure("delete", id, result);
      if (!(failure instanceof NotFoundException)) {
        throw failure;
      }
    }
  }

  /** The host PIDs of the processes in the container's cgroup. */
  public List<Long> processes(String id) {
    ProcessResult result = check("ps", List.of("ps", "--format=json", checkId(id)), id);
    List<Long> pids = new ArrayList<>();
    for (JsonNode pid : readJson(result.stdout())) {
      pids.add(pid.asLong());
    }
    return pids;
  }

  private ProcessResult check(String what, List<String> args, String id) {
    ProcessResult result = run(args, id);
    if (!result.succeeded()) {
      throw failure(what, id, result);
    }
    return result;
  }

  private ProcessResult run(List<String> args, String id) {
    List<String> command = new ArrayList<>();
    command.add(settings.binary().toString());
    command.addAll(settings.globalArgs());
    command.addAll(args);
    try {
      return runner.run(command, settings.commandTimeout());
    } catch (IOException e) {
      throw new InternalException("cannot run " + settings.binary() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while running " + settings.name() + " " + args.getFirst()
          + (id.isEmpty() ? "" : " " + id));
    }
  }

  /** Sorts a failed command into the error family by the runtime's message. */
  CoracleException failure(String what, String id, ProcessResult result) {
    String subject = settings.name() + " " + what + (id.isEmpty() ? "" : " " + id);
    if (result.timedOut()) {
      return new UnavailableException(subject + " did not finish within " + settings.commandTimeout().toSeconds() + " s");
    }
    String message = RuntimeMessages.errorMessage(result.stderr().isBlank() ? result.stdout() : result.stderr());
    String text = subject + " failed: " + message;
    if (RuntimeMessages.isUnknownContainer(message, id)) {
      return new NotFoundException(text);
    }
    if (RuntimeMessages.isWrongState(message)) {
      return new FailedPreconditionException(text);
    }
    return new InternalException(text);
  }

  private static ContainerState parseState(String json) {
    return toState(readJson(json));
  }

  private static ContainerState toState(JsonNode node) {
    return new ContainerState(node.path("id").asText(), ContainerStatus.parse(node.path("status").asText()),
        node.path("pid").asLong(), Path.of(node.path("bundle").asText("/")));
  }

  /** runc prints "null" for an empty list, which reads as an empty array here. */
  private static JsonNode readJson(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return node == null || node.isNull() ? JSON.createArrayNode() : node;
    } catch (IOException e) {
      throw new InternalException("the OCI runtime printed unreadable JSON: " + e.getMessage(), e);
    }
  }
}

package dev.coracle.cni.exec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin call of the exec protocol: the {@code CNI_*} environment, the config on stdin, the
 * timeout, and the plugin's answer read as a result or as the spec's error JSON.
 */
final class PluginRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PluginRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_TEXT = 4096;

  private final Function<String, Path> lookup;
  private final String cniPath;
  private final PluginExec exec;
  private final Duration timeout;

  PluginRunner(Function<String, Path> lookup, List<Path> binDirs, PluginExec exec, Duration timeout) {
    this.lookup = lookup;
    this.cniPath =
        binDirs.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    this.exec = exec;
    this.timeout = timeout;
  }

  /**
   * Runs plugin {@code type} for {@code command}; {@code attachment} is null for the commands
   * that concern no container (STATUS, GC, VERSION).
   *
   * @return what it printed on stdout as JSON; empty when it printed nothing
   */
  Optional<JsonNode> call(String command, String type, ObjectNode stdin, PodRuntimeConf attachment) {
    Path binary = binary(type);
    byte[] input = stdin.toString().getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    PluginExec.Completed done;
    try {
      done = exec.run(binary, environment(command, attachment), input, timeout);
    } catch (TimeoutException e) {
      throw new CniException(
          0, type,
          "plugin " + type + " timed out: " + command + " ran past " + shown(timeout)
              + " and was killed", e);
    } catch (IOException e) {
      throw new CniException(0, type, "plugin " + type + " could not be run: " + e.getMessage(), e);
    }
    LOG.debug(
        "CNI {} {} container {}: exit {} in {} ms",
        command, type, attachment == null ? "-" : attachment.containerId(), done.exitCode(),
        (System.nanoTime() - start) / 1_000_000);
    if (done.exitCode() != 0) {
      throw failure(type, done);
    }
    String out = new String(done.stdout(), StandardCharsets.UTF_8).strip();
    if (out.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(out));
    } catch (JacksonException e) {
      throw new CniException(
          CniException.DECODING_FAILURE, type,
          "plugin " + type + " printed no JSON for " + command + ": " + cut(out), e);
    }
  }

  /** The versions the plugin says it supports (VERSION); empty when it cannot say. */
  List<String> supportedVersions(String type, String version) {
    ObjectNode stdin = JSON.createObjectNode().put("cniVersion", version);
    try {
      JsonNode answer = call("VERSION", type, stdin, null).orElse(JSON.nullNode());
      return JSON.convertValue(
          answer.path("supportedVersions"),
          JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    } catch (CniException | IllegalArgumentException e) {
      LOG.debug("CNI plugin {} gave no VERSION: {}", type, e.getMessage());
      return List.of();
    }
  }

  private Path binary(String type) {
    Path binary;
    try {
      binary = lookup.apply(type);
    } catch (CniException e) {
      throw e;
    } catch (RuntimeException e) {
      // One failure type for every plugin problem, so ADD's undo and DEL's loop see it.
      throw new CniException(0, type, "plugin " + type + " cannot be found: " + e.getMessage(), e);
    }
    if (binary == null) {
      throw new CniException(0, type, "plugin " + type + " not found in " + cniPath);
    }
    return binary;
  }

  // The daemon's own environment (plugins need PATH, portmap to find iptables), with any CNI_
  // variable of its own replaced by this call's.
  private Map<String, String> environment(String command, PodRuntimeConf attachment) {
    Map<String, String> env = new HashMap<>();
    System.getenv().forEach((k, v) -> {
      if (!k.startsWith("CNI_")) {
        env.put(k, v);
      }
    });
    env.put("CNI_COMMAND", command);
    env.put("CNI_PATH", cniPath);
    if (attachment != null) {
      env.put("CNI_CONTAINERID", attachment.containerId());
      env.put("CNI_NETNS", attachment.netns().toString());
      env.put("CNI_IFNAME", attachment.ifName());
      env.put("CNI_ARGS", attachment.cniArgsText());
    }
    return env;
  }

  private static CniException failure(String type, PluginExec.Completed done) {
    String out = new String(done.stdout(), StandardCharsets.UTF_8).strip();
    String err = new String(done.stderr(), StandardCharsets.UTF_8).strip();
    for (String text : List.of(out, err)) {
      JsonNode error = errorJson(text);
      if (error != null) {
        String details = error.path("details").asText("");
        return new CniException(
            error.get("code").asInt(),
            type,
            "plugin " + type + " failed: " + error.path("msg").asText("")
                + (details.isEmpty() ? "" : " (" + details + ")"));
      }
    }
    String text = !err.isEmpty() ? err : out.isEmpty() ? "no output" : out;
    return new CniException(
        0, type, "plugin " + type + " failed: exit status " + done.exitCode() + ": " + cut(text));
  }

  private static JsonNode errorJson(String text) {
    if (!text.startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(text);
      return node.isObject() && node.path("code").canConvertToInt() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String shown(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String cut(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
  }
}

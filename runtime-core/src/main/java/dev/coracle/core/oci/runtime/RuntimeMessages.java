package dev.coracle.core.oci.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts the human message from what runc or crun print on failure. With
 * {@code --log-format=json} both print one JSON object per line ({@code {"level":"error",
 * "msg":"..."}}); text-format lines ({@code time=... level=error msg="..."}) and bare text are
 * understood too, since conmon forwards whatever the runtime wrote.
 */
public final class RuntimeMessages {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TEXT_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private RuntimeMessages() {}

  /** The error-level messages joined by "; ", else the whole text stripped. */
  public static String errorMessage(String output) {
    List<String> errors = new ArrayList<>();
    for (String line : output.split("\n")) {
      String message = lineMessage(line.strip());
      if (message != null) {
        errors.add(message);
      }
    }
    return errors.isEmpty() ? output.strip() : String.join("; ", errors);
  }

  /**
   * True when the message says the runtime does not know the container: runc's "container does
   * not exist", crun's failure to open {@code <root>/<id>/status}.
   */
  public static boolean isUnknownContainer(String message, String id) {
    return message.contains("does not exist") || message.contains("/" + id + "/status`: No such file");
  }

  /** True when the message says the container is in a state that forbids the operation. */
  public static boolean isWrongState(String message) {
    return message.contains("not running") || message.contains("has stopped") || message.contains("stopped container")
        || message.contains("not in created state") || message.contains("is paused") || message.contains("is not paused");
  }

  /** The message of one error-level (or higher) log line; null for other lines. */
  private static String lineMessage(String line) {
    if (line.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(line);
        String level = node.path("level").asText("error");
        return isError(level) && node.hasNonNull("msg") ? node.get("msg").asText() : null;
      } catch (java.io.IOException e) {
        return null;
      }
    }
    Matcher msg = TEXT_MSG.matcher(line);
    if (msg.find() && (line.contains("level=error") || line.contains("level=fatal"))) {
      return msg.group(1).replaceAll("\\\\(.)", "$1");
    }
    return null;
  }

  private static boolean isError(String level) {
    return level.equals("error") || level.equals("fatal") || level.equals("panic");
  }
}

package dev.coracle.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * One line conmon writes to its sync pipe: {@code {"data": N, "message": "..."}}. With
 * {@code --api-version 1} (always used here) N is first the new process's PID, then, for an
 * exec, its exit code; -1 with a message is a failure, the message being whatever the OCI
 * runtime printed. Without the API version, exec replies use the key {@code exit_code}; it is
 * read too.
 */
record SyncMessage(long data, String message) {

  /** conmon's message when its own {@code --timeout} killed the process. */
  static final String TIMED_OUT = "command timed out";

  private static final ObjectMapper JSON = new ObjectMapper();

  static SyncMessage parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      JsonNode data = node.has("data") ? node.get("data") : node.get("exit_code");
      if (data == null || !data.canConvertToLong()) {
        throw new IllegalArgumentException("conmon sent a sync message without data: " + line);
      }
      return new SyncMessage(data.asLong(), node.path("message").asText(""));
    } catch (IOException e) {
      throw new IllegalArgumentException("conmon sent an unreadable sync message: " + line, e);
    }
  }

  boolean failed() {
    return data < 0;
  }

  boolean timedOut() {
    return data == -1 && message.strip().equals(TIMED_OUT);
  }
}

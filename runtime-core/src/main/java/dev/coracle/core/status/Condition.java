package dev.coracle.core.status;

import java.util.Objects;

/**
 * One readiness condition of the runtime as kubelet reads it from {@code Status}: a type such
 * as {@code RuntimeReady}, whether it holds, and for a condition that does not hold a
 * CamelCase reason and a sentence saying what to fix.
 */
public record Condition(String type, boolean ready, String reason, String message) {

  public static final String RUNTIME_READY = "RuntimeReady";
  public static final String NETWORK_READY = "NetworkReady";

  public Condition {
    Objects.requireNonNull(type, "type");
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
  }

  public static Condition ready(String type, String message) {
    return new Condition(type, true, "", message);
  }

  public static Condition notReady(String type, String reason, String message) {
    return new Condition(type, false, reason, message);
  }
}

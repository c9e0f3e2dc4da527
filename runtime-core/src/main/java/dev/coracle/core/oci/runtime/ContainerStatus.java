package dev.coracle.core.oci.runtime;

import java.util.Locale;

/**
 * A container's status as the OCI runtime reports it (runtime spec, "state"):
 *
 * <pre>
 *   creating ──► created ──start──► running ──exit/kill──► stopped ──delete──► (unknown)
 *                                   │    ▲
 *                              pause│    │resume
 *                                   ▼    │
 *                                   paused
 * </pre>
 */
public enum ContainerStatus {
  CREATING,
  CREATED,
  RUNNING,
  PAUSED,
  STOPPED;

  /** The status named as the runtime prints it ("created", "running", ...). */
  static ContainerStatus parse(String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown container status \"" + text + "\"", e);
    }
  }
}

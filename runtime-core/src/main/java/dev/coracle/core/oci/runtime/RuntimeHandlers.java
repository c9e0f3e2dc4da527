package dev.coracle.core.oci.runtime;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configured runtime handlers, by the name kubelet passes as {@code runtime_handler}
 * (a RuntimeClass's handler), each an OCI runtime; an empty handler means the default.
 *
 * @param defaultHandler the handler of pods that name none; one of {@code byName}
 * @param byName every handler, sorted by name
 */
public record RuntimeHandlers(String defaultHandler, Map<String, OciRuntimeSettings> byName) {

  public RuntimeHandlers {
    byName = java.util.Collections.unmodifiableMap(new TreeMap<>(byName));
    if (!byName.containsKey(defaultHandler)) {
      throw new InvalidArgumentException("default runtime handler \"" + defaultHandler + "\" is not configured"
          + configured(byName));
    }
  }

  /** The runtime of {@code handler}; the default's for an empty one. */
  public OciRuntimeSettings resolve(String handler) {
    return byName.get(resolveName(handler));
  }

  /**
   * The handler's own name: {@code handler} itself, or the default's name for an empty one.
   *
   * @throws InvalidArgumentException when no such handler is configured
   */
  public String resolveName(String handler) {
    if (handler == null || handler.isEmpty()) {
      return defaultHandler;
    }
    if (!byName.containsKey(handler)) {
      throw new InvalidArgumentException("unknown runtime handler \"" + handler + "\"" + configured(byName));
    }
    return handler;
  }

  public Set<String> names() {
    return byName.keySet();
  }

  private static String configured(Map<String, OciRuntimeSettings> byName) {
    return " (configured: " + String.join(", ", byName.keySet()) + ")";
  }
}

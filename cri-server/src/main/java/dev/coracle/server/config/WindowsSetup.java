package dev.coracle.server.config;

import dev.coracle.hcs.backend.WindowsHandlers;
import dev.coracle.hcs.document.Isolation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Windows node's runtime handlers from the configuration: with no {@code [runtimes.*]} of a
 * Windows kind, containerd's two built-ins ({@code runhcs-wcow-process}, the default, and
 * {@code runhcs-wcow-hypervisor}); otherwise exactly those configured, each of kind
 * {@code "process"} or {@code "hypervisor"}.
 */
public final class WindowsSetup {

  public static final String PROCESS_KIND = "process";
  public static final String HYPERV_KIND = "hypervisor";
  private static final String LINUX_DEFAULT = "runc";

  private WindowsSetup() {}

  static boolean isWindowsKind(String kind) {
    return PROCESS_KIND.equals(kind) || HYPERV_KIND.equals(kind);
  }

  /** @throws ConfigException for a Linux runtime on a Windows node or an unknown default */
  public static WindowsHandlers handlers(CoracleConfig config) {
    Map<String, Isolation> byName = new LinkedHashMap<>();
    config.runtimes().forEach((name, runtime) -> {
      if (!isWindowsKind(runtime.kind())) {
        throw new ConfigException("runtimes.\"" + name + "\".kind \"" + runtime.kind() + "\" runs on Linux nodes only;"
            + " Windows handlers are of kind \"" + PROCESS_KIND + "\" or \"" + HYPERV_KIND + "\"");
      }
      byName.put(name, runtime.kind().equals(PROCESS_KIND) ? Isolation.PROCESS : Isolation.HYPERV);
    });
    if (byName.isEmpty()) {
      byName.putAll(WindowsHandlers.BUILT_IN.byName());
    }
    // The Linux default means "not set" here.
    String defaultHandler = config.defaultRuntime().equals(LINUX_DEFAULT) && !byName.containsKey(LINUX_DEFAULT)
        ? (byName.containsKey(WindowsHandlers.PROCESS) ? WindowsHandlers.PROCESS : byName.keySet().iterator().next())
        : config.defaultRuntime();
    if (!byName.containsKey(defaultHandler)) {
      throw new ConfigException("default_runtime \"" + defaultHandler + "\" is not a configured runtime (configured: "
          + String.join(", ", byName.keySet()) + ")");
    }
    return new WindowsHandlers(defaultHandler, byName);
  }
}

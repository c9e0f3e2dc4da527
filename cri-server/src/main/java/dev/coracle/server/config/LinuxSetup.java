package dev.coracle.server.config;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import dev.coracle.core.oci.runtime.RuntimeHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the Linux backend takes from the configuration, with every program it names found on
 * this host. Built at start: a missing program or an unknown default runtime stops the daemon
 * with the key named ({@link InvalidArgumentException}, which the command maps to exit 2).
 *
 * @param handlers the runtime handlers, each with its program and state directory
 * @param conmon the monitor program
 * @param logSizeMaxBytes conmon's log size limit per container; 0 for none
 * @param infraBinary the pause program of the pods' infra processes
 * @param shmSizeBytes the size of each pod's /dev/shm
 */
public record LinuxSetup(RuntimeHandlers handlers, Path conmon, long logSizeMaxBytes, Path infraBinary,
    long shmSizeBytes) {

  /** Resolves {@code config} with programs found by {@code finder} (name to path). */
  public static LinuxSetup resolve(CoracleConfig config, Function<String, Optional<Path>> finder) {
    Map<String, OciRuntimeSettings> byName = new TreeMap<>();
    Path runtimesDir = config.stateDir().resolve("runtimes");
    if (config.runtimes().isEmpty()) {
      // The built-ins: runc always (it is the default), crun where it is installed.
      for (String kind : new String[] {"runc", "crun"}) {
        Optional<Path> binary = finder.apply(kind);
        if (binary.isEmpty() && (kind.equals(config.defaultRuntime()))) {
          throw refused("default_runtime \"" + kind + "\": the " + kind + " program is not installed (not on the PATH"
              + " nor in /usr/bin, /usr/sbin, /usr/local/bin); install it or set runtimes.\"" + kind + "\".path");
        }
        binary.ifPresent(b -> byName.put(kind, settings(kind, b, runtimesDir.resolve(kind))));
      }
    } else {
      config.runtimes().forEach((name, runtime) -> {
        if (WindowsSetup.isWindowsKind(runtime.kind())) {
          throw refused("runtimes.\"" + name + "\".kind \"" + runtime.kind() + "\" runs on Windows nodes only");
        }
        String key = "runtimes.\"" + name + "\".path";
        Path binary = runtime.path() != null ? checked(runtime.path(), key)
            : finder.apply(runtime.kind()).orElseThrow(() -> refused(key + ": unset, and no " + runtime.kind()
                + " program is on the PATH nor in /usr/bin, /usr/sbin, /usr/local/bin"));
        byName.put(name, settings(runtime.kind(), binary, runtime.root() != null ? runtime.root() : runtimesDir.resolve(name)));
      });
    }
    if (!byName.containsKey(config.defaultRuntime())) {
      throw refused("default_runtime \"" + config.defaultRuntime() + "\" is not a configured runtime (configured: "
          + String.join(", ", byName.keySet()) + ")");
    }
    return new LinuxSetup(new RuntimeHandlers(config.defaultRuntime(), byName),
        program(config.monitor().conmon(), "conmon", "monitor.conmon", finder),
        config.monitor().logSizeMaxBytes(),
        program(config.pods().infraBinary(), "catatonit", "pods.infra_binary", finder),
        config.pods().shmSizeBytes());
  }

  private static OciRuntimeSettings settings(String kind, Path binary, Path root) {
    return kind.equals("crun") ? OciRuntimeSettings.crun(binary, root) : OciRuntimeSettings.runc(binary, root);
  }

  private static Path program(Path configured, String name, String key, Function<String, Optional<Path>> finder) {
    if (configured != null) {
      return checked(configured, key);
    }
    return finder.apply(name).orElseThrow(() -> refused(key + ": unset, and no " + name
        + " program is on the PATH nor in /usr/bin, /usr/sbin, /usr/local/bin"));
  }

  private static Path checked(Path binary, String key) {
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      throw refused(key + ": " + binary + " is not an executable file");
    }
    return binary;
  }

  private static InvalidArgumentException refused(String message) {
    return new InvalidArgumentException("configuration: " + message);
  }
}

package dev.coracle.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.server.listen.ListenerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the TOML configuration file strictly: an unknown key or a wrong type names the key. */
public final class ConfigLoader {

  /**
   * The kinds of runtime driven: the OCI runtimes of Linux nodes (also the built-in handlers'
   * names) and the two isolations of Windows nodes.
   */
  static final Set<String> RUNTIME_KINDS = Set.of("runc", "crun", WindowsSetup.PROCESS_KIND, WindowsSetup.HYPERV_KIND);
  private static final java.util.regex.Pattern HANDLER_NAME = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");
  private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");

  private static final TomlMapper MAPPER = TomlMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      // A number or boolean where a string belongs is a mistake worth naming, not a string.
      .withCoercionConfig(LogicalType.Textual, strings -> strings
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  private ConfigLoader() {}

  /**
   * Loads a file. A missing file is the built-in defaults only when it is the default path:
   * a file named on the command line must exist.
   */
  public static CoracleConfig load(Path file, boolean mustExist) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      if (mustExist) {
        throw new ConfigException(file + ": no such file");
      }
      return CoracleConfig.defaults();
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  public static CoracleConfig parse(String toml, String source) {
    CoracleConfig config;
    try {
      config = toml.isBlank() ? CoracleConfig.defaults() : MAPPER.readValue(toml, CoracleConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(source + ": unknown key " + keyPath(e));
    } catch (MismatchedInputException e) {
      throw new ConfigException(source + ": key " + keyPath(e) + " has the wrong type (expected "
          + expectedType(e.getTargetType()) + ")");
    } catch (JacksonException e) {
      throw new ConfigException(source + ": not valid TOML: " + e.getOriginalMessage());
    }
    validate(config, source);
    return config.withListen(canonicalListen(config.listen(), source));
  }

  private static void validate(CoracleConfig c, String source) {
    requireAbsolute(c.rootDir(), "root_dir", source);
    requireAbsolute(c.stateDir(), "state_dir", source);
    if (c.shutdownTimeoutSeconds() < 0) {
      throw new ConfigException(source + ": shutdown_timeout_seconds must not be negative");
    }
    if (!Set.of("auto", "cgroupfs", "systemd").contains(c.cgroupDriver())) {
      throw new ConfigException(source + ": cgroup_driver must be \"auto\", \"cgroupfs\" or \"systemd\", not \""
          + c.cgroupDriver() + "\"");
    }
    if (!LOG_LEVELS.contains(c.logLevel())) {
      throw new ConfigException(source + ": log_level must be one of " + String.join(", ", LOG_LEVELS.stream().sorted().toList())
          + ", not \"" + c.logLevel() + "\"");
    }
    if (c.image().pullTimeoutSeconds() <= 0) {
      throw new ConfigException(source + ": image.pull_timeout_seconds must be positive");
    }
    if (c.image().maxConcurrentDownloads() < 1 || c.image().maxConcurrentDownloads() > 64) {
      throw new ConfigException(source + ": image.max_concurrent_downloads must be between 1 and 64");
    }
    c.registries().forEach((host, registry) -> {
      for (String mirror : registry.mirrors()) {
        if (!mirror.matches("https?://[^/\\s]+(/[^\\s]*)?")) {
          throw new ConfigException(source + ": registries.\"" + host + "\".mirrors: \"" + mirror
              + "\" is not an http:// or https:// URL");
        }
      }
      if (registry.caFile() != null && !registry.caFile().isAbsolute()) {
        throw new ConfigException(source + ": registries.\"" + host + "\".ca_file must be an absolute path");
      }
    });
    validateRuntimes(c, source);
    requireAbsoluteIfSet(c.monitor().conmon(), "monitor.conmon", source);
    if (c.monitor().logSizeMaxBytes() < 0) {
      throw new ConfigException(source + ": monitor.log_size_max_bytes must not be negative");
    }
    requireAbsoluteIfSet(c.pods().infraBinary(), "pods.infra_binary", source);
    if (c.pods().shmSizeBytes() <= 0) {
      throw new ConfigException(source + ": pods.shm_size_bytes must be positive");
    }
    validateCni(c.cni(), source);
    try {
      HostPort.parse(c.metrics().address());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": metrics.address " + e.getMessage());
    }
  }

  private static void validateCni(CoracleConfig.CniConfig cni, String source) {
    requireAbsoluteIfSet(cni.confDir(), "cni.conf_dir", source);
    for (Path dir : cni.binDirs()) {
      requireAbsoluteIfSet(dir, "cni.bin_dirs", source);
    }
    if (cni.pluginTimeoutSeconds() <= 0) {
      throw new ConfigException(source + ": cni.plugin_timeout_seconds must be positive");
    }
    if (cni.defaultSubnets().isEmpty()) {
      throw new ConfigException(source + ": cni.default_subnets needs at least one range");
    }
    for (String subnet : cni.defaultSubnets()) {
      try {
        dev.coracle.core.network.Cidr.parse(subnet);
      } catch (RuntimeException e) {
        throw new ConfigException(source + ": cni.default_subnets: \"" + subnet + "\" is not a CIDR range");
      }
    }
  }

  private static void validateRuntimes(CoracleConfig c, String source) {
    c.runtimes().forEach((name, runtime) -> {
      String key = "runtimes.\"" + name + "\"";
      if (!HANDLER_NAME.matcher(name).matches()) {
        throw new ConfigException(source + ": " + key + ": a runtime handler's name is lower-case letters, digits,"
            + " '-' and '.' (as a RuntimeClass handler), at most 63");
      }
      if (runtime.kind() == null || !RUNTIME_KINDS.contains(runtime.kind())) {
        throw new ConfigException(source + ": " + key + ".kind must be \"runc\" or \"crun\""
            + (runtime.kind() == null ? " (it has no default for this name)" : ", not \"" + runtime.kind() + "\"")
            + "; on Windows nodes \"" + WindowsSetup.PROCESS_KIND + "\" or \"" + WindowsSetup.HYPERV_KIND + "\"");
      }
      requireAbsoluteIfSet(runtime.path(), key + ".path", source);
      requireAbsoluteIfSet(runtime.root(), key + ".root", source);
    });
    Set<String> names = c.runtimes().isEmpty() ? builtInHandlers(c) : c.runtimes().keySet();
    // On a Windows node the key's default, "runc", means "not set": WindowsSetup picks the handler.
    boolean unsetOnWindows = windowsNode(c) && c.defaultRuntime().equals("runc");
    if (!unsetOnWindows && !names.contains(c.defaultRuntime())) {
      throw new ConfigException(source + ": default_runtime \"" + c.defaultRuntime() + "\" is not a configured runtime"
          + " (configured: " + String.join(", ", new java.util.TreeSet<>(names)) + ")");
    }
  }

  /** The handlers a node has when none is configured: a Windows node's also when it is simulated on Linux. */
  private static Set<String> builtInHandlers(CoracleConfig c) {
    return windowsNode(c) ? PlatformDefaults.WINDOWS.builtInHandlers() : PlatformDefaults.host().builtInHandlers();
  }

  private static boolean windowsNode(CoracleConfig c) {
    return c.windows().simulated() || PlatformDefaults.host().windows();
  }

  private static void requireAbsoluteIfSet(Path path, String key, String source) {
    if (path != null) {
      requireAbsolute(path, key, source);
    }
  }

  public static String checkLogLevel(String level) {
    if (!LOG_LEVELS.contains(level)) {
      throw new ConfigException("--log-level must be one of " + String.join(", ", LOG_LEVELS.stream().sorted().toList())
          + ", not \"" + level + "\"");
    }
    return level;
  }

  private static String canonicalListen(String endpoint, String source) {
    try {
      return ListenerKind.host().canonical(endpoint);
    } catch (InvalidArgumentException e) {
      throw new ConfigException(source + ": listen: " + e.getMessage());
    }
  }

  private static void requireAbsolute(Path path, String key, String source) {
    if (!path.isAbsolute()) {
      throw new ConfigException(source + ": " + key + " must be an absolute path, not \"" + path + "\"");
    }
  }

  private static String keyPath(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static String expectedType(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == String.class || type == Path.class) {
      return "a string";
    }
    return "a table";
  }
}

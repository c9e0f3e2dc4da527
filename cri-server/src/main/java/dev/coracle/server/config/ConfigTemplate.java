package dev.coracle.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Prints a configuration as a commented TOML file: every key with what it does and the value
 * in effect. {@code coracle config} shows it; the README's reference is checked against it.
 */
public final class ConfigTemplate {

  /** One documented key, as it appears in the file. */
  public record Key(String section, String name, String help) {
    public String path() {
      return section.isEmpty() ? name : section + "." + name;
    }
  }

  /** The table of one registry host; HOST is the host as image names write it (docker.io, 127.0.0.1:5000). */
  static final String REGISTRY = "registries.\"HOST\"";
  /** The table of one runtime handler; NAME is the handler kubelet names (a RuntimeClass's handler). */
  static final String RUNTIME = "runtimes.\"NAME\"";

  public static final List<Key> KEYS = List.of(
      new Key("", "root_dir", "Persistent state: images, unpacked layers, metadata."),
      new Key("", "state_dir", "Volatile state (a tmpfs is right): bundles, namespace pins, exit files."),
      new Key("", "listen", "The CRI unix socket; defaults to coracle.sock in state_dir. On Windows a named pipe,"
          + " npipe:////./pipe/coracle by default. --listen overrides."),
      new Key("", "shutdown_timeout_seconds", "On SIGTERM, how long calls in flight may take before they are cut."),
      new Key("", "cgroup_driver", "\"auto\" (systemd when systemd is init, else cgroupfs), \"cgroupfs\" or \"systemd\"."),
      new Key("", "log_level", "error, warn, info, debug (every RPC with its IDs and latency) or trace. --log-level overrides."),
      new Key("", "default_runtime", "The runtime handler of pods that name none: one of [runtimes] (built-ins: runc, crun)."
          + " On Windows \"runc\" means runhcs-wcow-process (else the first configured handler)."),
      new Key("metrics", "enabled", "Serve Prometheus metrics over HTTP."),
      new Key("metrics", "address", "host:port of the metrics endpoint (path /metrics); port 0 picks a free one."),
      new Key("image", "pull_timeout_seconds", "How long one PullImage may take before it is answered with an error."),
      new Key("image", "max_concurrent_downloads", "Layers fetched at once, across all pulls."),
      new Key("monitor", "conmon", "The conmon program; \"\" finds it on the PATH (and /usr/bin, /usr/sbin, /usr/local/bin)."),
      new Key("monitor", "log_size_max_bytes", "A container's log is truncated beyond this size; 0 for no limit."),
      new Key("pods", "infra_binary", "The static pause program of every pod's infra process (catatonit); \"\" finds it on the PATH."),
      new Key("pods", "shm_size_bytes", "The size of each pod's own /dev/shm (a tmpfs)."),
      new Key("cni", "conf_dir", "Network configurations (.conflist, .conf, .json); the first valid one by file name is the pods' network. Watched."),
      new Key("cni", "bin_dirs", "Where CNI plugin programs are looked for, in order."),
      new Key("cni", "default_network", "With no configuration in conf_dir, give pods the built-in bridge network (bridge, host-local, portmap)."),
      new Key("cni", "default_subnets", "The built-in network's ranges (one per IP family) until kubelet gives the node's pod CIDRs."),
      new Key("cni", "plugin_timeout_seconds", "How long one CNI plugin call may take before it is killed."),
      new Key("windows", "pause_image", "Windows: the image of every pod's pause container (and Hyper-V utility VM), pulled when first needed."),
      new Key("windows", "simulate_host_build", "Development only: serve the Windows backend over a recording simulation of HCS, as a host of this OS version (\"10.0.20348\"); \"\" on real nodes."),
      new Key(RUNTIME, "path", "The runtime's program; found on the PATH by its kind when left out."),
      new Key(RUNTIME, "kind", "\"runc\" or \"crun\"; defaults to NAME when NAME is one of them. Windows: \"process\" or \"hypervisor\"."),
      new Key(RUNTIME, "root", "The runtime's state directory; state_dir/runtimes/NAME when left out."),
      new Key(REGISTRY, "mirrors", "Base URLs tried in order before the registry itself, e.g. [\"http://127.0.0.1:5000\"]."),
      new Key(REGISTRY, "insecure", "Reach the registry itself over plain HTTP instead of HTTPS."),
      new Key(REGISTRY, "ca_file", "PEM file of CA certificates to trust for this registry and its mirrors."));

  private ConfigTemplate() {}

  /** The template of the configuration file this operating system reads by default. */
  public static String render(CoracleConfig c) {
    return render(c, PlatformDefaults.host().configFile());
  }

  /** The template, headed by the file it is for. */
  public static String render(CoracleConfig c, Path file) {
    StringBuilder out = new StringBuilder("# Coracle configuration (" + file + ").\n")
        .append("# Every key is optional; shown here with the value in effect.\n");
    String section = "";
    for (Key key : KEYS) {
      if (key.section().equals(REGISTRY) || key.section().equals(RUNTIME)) {
        continue;
      }
      if (!key.section().equals(section)) {
        section = key.section();
        out.append("\n[").append(section).append("]\n");
      }
      out.append("\n# ").append(key.help()).append('\n')
          .append(key.name()).append(" = ").append(value(c, key.path())).append('\n');
    }
    out.append("\n# Runtime handlers, by the name kubelet passes (a RuntimeClass's handler); with none, the\n")
        .append("# built-ins runc and (where installed) crun:\n");
    for (Key key : KEYS) {
      if (key.section().equals(RUNTIME)) {
        out.append("#   ").append(key.name()).append(": ").append(key.help()).append('\n');
      }
    }
    if (c.runtimes().isEmpty()) {
      out.append("#\n# [runtimes.\"runc\"]\n#\n# [runtimes.\"crun\"]\n# path = \"/usr/bin/crun\"\n");
    }
    c.runtimes().forEach((name, runtime) -> {
      out.append("\n[runtimes.").append(quoted(name)).append("]\n");
      if (runtime.path() != null) {
        out.append("path = ").append(quoted(runtime.path().toString())).append('\n');
      }
      out.append("kind = ").append(quoted(runtime.kind())).append('\n');
      if (runtime.root() != null) {
        out.append("root = ").append(quoted(runtime.root().toString())).append('\n');
      }
    });
    out.append("\n# Per registry host, as image names write it (docker.io, 127.0.0.1:5000):\n");
    for (Key key : KEYS) {
      if (key.section().equals(REGISTRY)) {
        out.append("#   ").append(key.name()).append(": ").append(key.help()).append('\n');
      }
    }
    if (c.registries().isEmpty()) {
      out.append("#\n# [registries.\"docker.io\"]\n# mirrors = [\"http://127.0.0.1:5000\"]\n");
    }
    c.registries().forEach((host, registry) -> {
      out.append("\n[registries.").append(quoted(host)).append("]\n")
          .append("mirrors = [")
          .append(String.join(", ", registry.mirrors().stream().map(ConfigTemplate::quoted).toList()))
          .append("]\n")
          .append("insecure = ").append(registry.insecure()).append('\n');
      if (registry.caFile() != null) {
        out.append("ca_file = ").append(quoted(registry.caFile().toString())).append('\n');
      }
    });
    return out.toString();
  }

  private static String value(CoracleConfig c, String path) {
    return switch (path) {
      case "root_dir" -> quoted(c.rootDir().toString());
      case "state_dir" -> quoted(c.stateDir().toString());
      case "listen" -> quoted(c.listen());
      case "shutdown_timeout_seconds" -> c.shutdownTimeoutSeconds().toString();
      case "cgroup_driver" -> quoted(c.cgroupDriver());
      case "log_level" -> quoted(c.logLevel());
      case "metrics.enabled" -> c.metrics().enabled().toString();
      case "metrics.address" -> quoted(c.metrics().address());
      case "image.pull_timeout_seconds" -> c.image().pullTimeoutSeconds().toString();
      case "image.max_concurrent_downloads" -> c.image().maxConcurrentDownloads().toString();
      case "default_runtime" -> quoted(c.defaultRuntime());
      case "monitor.conmon" -> quoted(c.monitor().conmon() == null ? "" : c.monitor().conmon().toString());
      case "monitor.log_size_max_bytes" -> c.monitor().logSizeMaxBytes().toString();
      case "pods.infra_binary" -> quoted(c.pods().infraBinary() == null ? "" : c.pods().infraBinary().toString());
      case "pods.shm_size_bytes" -> c.pods().shmSizeBytes().toString();
      case "cni.conf_dir" -> quoted(c.cni().confDir().toString());
      case "cni.bin_dirs" -> "[" + String.join(", ", c.cni().binDirs().stream().map(p -> quoted(p.toString())).toList()) + "]";
      case "cni.default_network" -> c.cni().defaultNetwork().toString();
      case "cni.default_subnets" -> "[" + String.join(", ", c.cni().defaultSubnets().stream().map(ConfigTemplate::quoted).toList()) + "]";
      case "cni.plugin_timeout_seconds" -> c.cni().pluginTimeoutSeconds().toString();
      case "windows.pause_image" -> quoted(c.windows().pauseImage());
      case "windows.simulate_host_build" -> quoted(c.windows().simulateHostBuild());
      default -> throw new IllegalStateException("no value for documented key " + path);
    };
  }

  /**
   * A TOML string of {@code s}. A Windows path goes out as a literal string ('C:\ProgramData'),
   * which keeps backslashes as they are and reads as the user would type it.
   */
  private static String quoted(String s) {
    if (s.indexOf('\\') >= 0 && s.indexOf('\'') < 0 && s.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      return "'" + s + "'";
    }
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}

package dev.coracle.core.cgroups;

import dev.coracle.core.error.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Who owns the pod cgroups: the runtime writing cgroupfs directly, or systemd through
 * transient slices and scopes. kubelet must use the same driver, and since 1.28 it asks the
 * runtime which one through {@code RuntimeConfig}.
 */
public enum CgroupDriver {
  CGROUPFS,
  SYSTEMD;

  /**
   * The driver the {@code cgroup_driver} setting asks for on this host: {@code auto} means
   * systemd when systemd is the init system, cgroupfs otherwise; {@code systemd} on a host
   * without systemd is refused, since every pod would fail later with a worse message.
   *
   * @param root the host's root directory ({@code /} except in tests)
   */
  public static CgroupDriver select(String setting, Path root) {
    boolean systemdRuns = Files.isDirectory(root.resolve("run/systemd/system"));
    return switch (setting.toLowerCase(Locale.ROOT)) {
      case "auto" -> systemdRuns ? SYSTEMD : CGROUPFS;
      case "cgroupfs" -> CGROUPFS;
      case "systemd" -> {
        if (!systemdRuns) {
          throw new InvalidArgumentException(
              "cgroup_driver = \"systemd\" but systemd is not running on this host"
                  + " (no /run/systemd/system); use \"cgroupfs\" or \"auto\"");
        }
        yield SYSTEMD;
      }
      default -> throw new InvalidArgumentException(
          "cgroup_driver must be \"auto\", \"cgroupfs\" or \"systemd\", not \"" + setting + "\"");
    };
  }
}

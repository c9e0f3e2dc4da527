package dev.coracle.core.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the host mounts its cgroups. Decides where limits are written and which OCI runtimes
 * can work here (crun refuses the hybrid layout).
 */
public enum CgroupLayout {
  /** cgroup v1 controllers only. */
  LEGACY,
  /** v1 controllers plus a cgroup2 mount at {@code unified} (systemd's hybrid mode). */
  HYBRID,
  /** A single cgroup2 hierarchy. */
  UNIFIED;

  /** Reads the layout from a cgroup mount point, normally {@code /sys/fs/cgroup}. */
  public static CgroupLayout detect(Path cgroupRoot) {
    if (Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
      return UNIFIED;
    }
    if (Files.exists(cgroupRoot.resolve("unified/cgroup.procs"))) {
      return HYBRID;
    }
    return LEGACY;
  }
}

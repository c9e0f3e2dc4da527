package dev.coracle.core.container;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.cgroups.CgroupLayout;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.oci.security.Capabilities;
import dev.coracle.core.oci.security.SeccompProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** What this host offers containers, read once at start for {@link ContainerSpecBuilder}. */
public final class HostFacts {

  /** The AppArmor profile RuntimeDefault means; it must be loaded on hosts with AppArmor. */
  public static final String APPARMOR_DEFAULT_PROFILE = "coracle-default";

  private HostFacts() {}

  public static ContainerSpecBuilder.Host detect(CgroupDriver driver, Path cgroupRoot) {
    try {
      Set<String> held = Capabilities.boundingSetOf(Files.readString(Path.of("/proc/self/status")));
      boolean v2 = CgroupLayout.detect(cgroupRoot) == CgroupLayout.UNIFIED;
      return new ContainerSpecBuilder.Host(
          Capabilities.grantable(held),
          SeccompProfiles.forHost(),
          oomScoreFloor(held),
          "Y".equals(readOr(Path.of("/sys/module/apparmor/parameters/enabled"), "N")),
          APPARMOR_DEFAULT_PROFILE,
          ContainerSecurity.SelinuxLabel.NONE,
          v2,
          driver,
          v2 ? Files.exists(cgroupRoot.resolve("memory.swap.max")) || hasSwapFiles(cgroupRoot)
              : Files.exists(cgroupRoot.resolve("memory/memory.memsw.limit_in_bytes")),
          List.of(),
          readOr(Path.of("/proc/sys/kernel/hostname"), null));
    } catch (IOException e) {
      throw new InternalException("cannot read what this host offers containers: " + e.getMessage(), e);
    }
  }

  /**
   * Without CAP_SYS_RESOURCE no process may lower its OOM score below its parent's: a container
   * asking for less than the daemon's own gets the daemon's own instead of a failed start.
   */
  private static Integer oomScoreFloor(Set<String> held) throws IOException {
    if (held.contains("CAP_SYS_RESOURCE")) {
      return null;
    }
    return Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).strip());
  }

  /** On v2 the root has no memory.swap.max; a child cgroup shows whether swap is accounted. */
  private static boolean hasSwapFiles(Path cgroupRoot) throws IOException {
    try (var children = Files.list(cgroupRoot)) {
      return children.anyMatch(c -> Files.exists(c.resolve("memory.swap.max")));
    }
  }

  private static String readOr(Path file, String fallback) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return fallback;
    }
  }
}

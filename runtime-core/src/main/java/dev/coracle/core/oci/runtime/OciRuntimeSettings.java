package dev.coracle.core.oci.runtime;

import dev.coracle.core.cgroups.CgroupLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One OCI runtime as configured: which program, where it keeps its state, and how it drives
 * cgroups.
 *
 * @param name "runc" or "crun": decides the known limits of the program ({@link #refusal})
 * @param binary the program
 * @param root the runtime's state directory ({@code --root}); each runtime handler needs its own
 * @param systemdCgroup true when cgroups are managed through systemd ({@code --systemd-cgroup}):
 *     the runtime then reads {@code cgroupsPath} as "slice:prefix:name", and conmon is told too
 * @param commandTimeout how long one runtime command (state, start, kill, delete) may take
 */
public record OciRuntimeSettings(String name, Path binary, Path root, boolean systemdCgroup, Duration commandTimeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public static OciRuntimeSettings runc(Path binary, Path root) {
    return new OciRuntimeSettings("runc", binary, root, false, DEFAULT_TIMEOUT);
  }

  public static OciRuntimeSettings crun(Path binary, Path root) {
    return new OciRuntimeSettings("crun", binary, root, false, DEFAULT_TIMEOUT);
  }

  public OciRuntimeSettings withSystemdCgroup(boolean systemd) {
    return new OciRuntimeSettings(name, binary, root, systemd, commandTimeout);
  }

  /**
   * The options that go before every subcommand. JSON log lines give clean error messages;
   * conmon passes these to the runtime as {@code --runtime-arg}.
   */
  public List<String> globalArgs() {
    List<String> args = new ArrayList<>(List.of("--root=" + root, "--log-format=json"));
    if (systemdCgroup) {
      args.add("--systemd-cgroup");
    }
    return args;
  }

  /**
   * Why this runtime cannot run containers on a host with the given cgroup layout, if it
   * cannot: crun (1.8 at least) refuses the hybrid layout outright.
   */
  public Optional<String> refusal(CgroupLayout layout) {
    if (name.equals("crun") && layout == CgroupLayout.HYBRID) {
      return Optional.of("crun does not support the hybrid cgroup layout (v1 controllers plus a cgroup2"
          + " mount at /sys/fs/cgroup/unified); use runc, or boot the host with pure cgroup v1 or v2");
    }
    return Optional.empty();
  }
}

package dev.coracle.core.cgroups;

import java.util.List;

/**
 * Creates, limits and removes cgroups by their path relative to the hierarchy root (for example
 * {@code coracle/pod-1234}), on whichever layout the host has.
 */
public interface CgroupManager {

  /** Creates the cgroup (and missing parents) in every controller this manager writes. */
  void create(String path);

  void apply(String path, CgroupLimits limits);

  /** The processes in the cgroup (not its children). */
  List<Integer> pids(String path);

  /** Removes the cgroup, children first; a cgroup already gone is fine; one with processes is refused. */
  void remove(String path);

  /** The manager for the host's layout under {@code root} (normally {@code /sys/fs/cgroup}). */
  static CgroupManager forHost(java.nio.file.Path root) {
    return switch (CgroupLayout.detect(root)) {
      case UNIFIED -> new UnifiedCgroups(root);
      case LEGACY, HYBRID -> new LegacyCgroups(root);
    };
  }
}

package dev.coracle.core.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * cgroup v1: one hierarchy per controller under the root. A cgroup is a directory of the same
 * relative path in each controller it uses; cpuset needs its cpus and mems filled from the
 * parent before any process may join.
 */
final class LegacyCgroups implements CgroupManager {

  static final List<String> CONTROLLERS =
      List.of("cpu", "cpuacct", "cpuset", "memory", "pids", "devices", "freezer", "blkio", "hugetlb");

  private final Path root;

  LegacyCgroups(Path root) {
    this.root = root;
  }

  private List<Path> hierarchies() {
    return CONTROLLERS.stream().map(root::resolve).filter(Files::isDirectory).distinct().toList();
  }

  @Override
  public void create(String path) {
    for (Path hierarchy : hierarchies()) {
      Path dir = CgroupFiles.resolve(hierarchy, path);
      if (hierarchy.getFileName().toString().equals("cpuset")) {
        createCpuset(hierarchy, dir);
      } else {
        CgroupFiles.mkdirs(dir);
      }
    }
  }

  /**
   * Creates each missing level and fills it from its parent, or the kernel refuses tasks there.
   * A level another thread (or daemon) just made may not be filled yet: every level is checked,
   * not only the ones made here.
   */
  private static void createCpuset(Path hierarchy, Path dir) {
    if (dir.equals(hierarchy)) {
      return;
    }
    createCpuset(hierarchy, dir.getParent());
    CgroupFiles.mkdirs(dir);
    for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
      if (CgroupFiles.read(dir.resolve(file)).isEmpty()) {
        CgroupFiles.write(dir.resolve(file), CgroupFiles.read(dir.getParent().resolve(file)));
      }
    }
  }

  @Override
  public void apply(String path, CgroupLimits limits) {
    writeIf(path, "cpu", "cpu.shares", limits.cpuShares());
    // The period goes first: the kernel checks the quota against the period in force.
    writeIf(path, "cpu", "cpu.cfs_period_us", limits.cpuPeriod());
    writeIf(path, "cpu", "cpu.cfs_quota_us", limits.cpuQuota());
    writeIf(path, "cpuset", "cpuset.cpus", blankToNull(limits.cpusetCpus()));
    writeIf(path, "cpuset", "cpuset.mems", blankToNull(limits.cpusetMems()));
    writeIf(path, "memory", "memory.limit_in_bytes", limits.memoryLimitBytes());
    writeIf(path, "pids", "pids.max", limits.pidsLimit() == null ? null
        : limits.pidsLimit() <= 0 ? "max" : limits.pidsLimit().toString());
    for (Map.Entry<String, Long> page : limits.hugepageLimits().entrySet()) {
      writeIf(path, "hugetlb", "hugetlb." + page.getKey() + ".limit_in_bytes", page.getValue());
    }
  }

  private void writeIf(String path, String controller, String file, Object value) {
    if (value == null) {
      return;
    }
    Path hierarchy = root.resolve(controller);
    if (!Files.isDirectory(hierarchy)) {
      throw new dev.coracle.core.error.FailedPreconditionException(
          "this host has no " + controller + " cgroup controller; cannot set " + file);
    }
    CgroupFiles.write(CgroupFiles.resolve(hierarchy, path).resolve(file), value.toString());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public List<Integer> pids(String path) {
    return CgroupFiles.pids(CgroupFiles.resolve(root.resolve("pids"), path).resolve("cgroup.procs"));
  }

  /**
   * Hierarchies the OCI runtime also makes a container's cgroup in, without a controller of
   * ours: systemd's named hierarchy and the hybrid layout's cgroup2 mount.
   */
  static final List<String> RUNTIME_ONLY = List.of("systemd", "unified");

  @Override
  public void remove(String path) {
    for (Path hierarchy : hierarchies()) {
      CgroupFiles.removeTree(CgroupFiles.resolve(hierarchy, path));
    }
    for (String name : RUNTIME_ONLY) {
      Path hierarchy = root.resolve(name);
      if (Files.isDirectory(hierarchy)) {
        CgroupFiles.removeTree(CgroupFiles.resolve(hierarchy, path));
      }
    }
  }
}

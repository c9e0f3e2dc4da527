package dev.coracle.core.cgroups;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * cgroup v2: one tree. A child can only use a controller its parent enables in
 * {@code cgroup.subtree_control}, so creating a cgroup enables what pods need on each level.
 * Limits given in v1 terms are converted (shares → weight, quota/period → {@code cpu.max}).
 */
final class UnifiedCgroups implements CgroupManager {

  static final List<String> WANTED = List.of("cpu", "cpuset", "memory", "pids", "io", "hugetlb");

  private final Path root;

  UnifiedCgroups(Path root) {
    this.root = root;
  }

  @Override
  public void create(String path) {
    Path dir = CgroupFiles.resolve(root, path);
    List<Path> levels = new ArrayList<>();
    for (Path p = dir; !p.equals(root); p = p.getParent()) {
      levels.add(0, p);
    }
    Path parent = root;
    for (Path level : levels) {
      enableControllers(parent);
      CgroupFiles.mkdirs(level);
      parent = level;
    }
  }

  private static void enableControllers(Path parent) {
    Set<String> available = Arrays.stream(CgroupFiles.read(parent.resolve("cgroup.controllers")).split("\\s+"))
        .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    Set<String> enabled = Arrays.stream(CgroupFiles.read(parent.resolve("cgroup.subtree_control")).split("\\s+"))
        .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    String missing = WANTED.stream().filter(available::contains).filter(c -> !enabled.contains(c))
        .map(c -> "+" + c).collect(Collectors.joining(" "));
    if (!missing.isEmpty()) {
      CgroupFiles.write(parent.resolve("cgroup.subtree_control"), missing);
    }
  }

  @Override
  public void apply(String path, CgroupLimits limits) {
    Path dir = CgroupFiles.resolve(root, path);
    if (limits.cpuShares() != null) {
      CgroupFiles.write(dir.resolve("cpu.weight"), Long.toString(CgroupLimits.weightOf(limits.cpuShares())));
    }
    if (limits.cpuQuota() != null || limits.cpuPeriod() != null) {
      long period = limits.cpuPeriod() != null ? limits.cpuPeriod() : 100_000;
      String quota = limits.cpuQuota() == null || limits.cpuQuota() <= 0 ? "max" : limits.cpuQuota().toString();
      CgroupFiles.write(dir.resolve("cpu.max"), quota + " " + period);
    }
    if (limits.cpusetCpus() != null && !limits.cpusetCpus().isBlank()) {
      CgroupFiles.write(dir.resolve("cpuset.cpus"), limits.cpusetCpus());
    }
    if (limits.cpusetMems() != null && !limits.cpusetMems().isBlank()) {
      CgroupFiles.write(dir.resolve("cpuset.mems"), limits.cpusetMems());
    }
    if (limits.memoryLimitBytes() != null) {
      CgroupFiles.write(dir.resolve("memory.max"),
          limits.memoryLimitBytes() <= 0 ? "max" : limits.memoryLimitBytes().toString());
    }
    if (limits.pidsLimit() != null) {
      CgroupFiles.write(dir.resolve("pids.max"), limits.pidsLimit() <= 0 ? "max" : limits.pidsLimit().toString());
    }
    for (Map.Entry<String, Long> page : limits.hugepageLimits().entrySet()) {
      CgroupFiles.write(dir.resolve("hugetlb." + page.getKey() + ".max"), page.getValue().toString());
    }
    for (Map.Entry<String, String> raw : limits.unified().entrySet()) {
      if (raw.getKey().contains("/") || raw.getKey().startsWith(".")) {
        throw new dev.coracle.core.error.InvalidArgumentException("unified key \"" + raw.getKey() + "\" is not a file name");
      }
      CgroupFiles.write(dir.resolve(raw.getKey()), raw.getValue());
    }
  }

  @Override
  public List<Integer> pids(String path) {
    return CgroupFiles.pids(CgroupFiles.resolve(root, path).resolve("cgroup.procs"));
  }

  @Override
  public void remove(String path) {
    CgroupFiles.removeTree(CgroupFiles.resolve(root, path));
  }
}

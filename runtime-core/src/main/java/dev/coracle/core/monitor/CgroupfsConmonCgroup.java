package dev.coracle.core.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins a cgroup by writing cgroupfs directly: on cgroup v2 the one hierarchy, on v1 (and
 * hybrid) every mounted hierarchy under the root, creating the cgroup where it is missing.
 */
public final class CgroupfsConmonCgroup implements ConmonCgroup {

  private final Path cgroupRoot;

  /** @param cgroupRoot where the hierarchies are mounted, {@code /sys/fs/cgroup} on a host */
  public CgroupfsConmonCgroup(Path cgroupRoot) {
    this.cgroupRoot = cgroupRoot;
  }

  @Override
  public void join(long pid, String cgroup) throws IOException {
    String relative = cgroup.replaceFirst("^/+", "");
    if (relative.isEmpty()) {
      return;
    }
    for (Path hierarchy : hierarchies()) {
      Path dir = hierarchy.resolve(relative);
      create(hierarchy, dir);
      Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid), StandardCharsets.US_ASCII);
    }
  }

  /** The root itself on cgroup v2; each mounted v1 hierarchy (and a hybrid's v2 mount) otherwise. */
  private List<Path> hierarchies() throws IOException {
    if (Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
      return List.of(cgroupRoot);
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> mounts = Files.newDirectoryStream(cgroupRoot)) {
      for (Path mount : mounts) {
        if (Files.exists(mount.resolve("cgroup.procs"))) {
          found.add(mount);
        }
      }
    }
    found.sort(null);
    return found;
  }

  /**
   * Creates the cgroup and its missing parents. A new v1 cpuset cgroup starts with no CPUs and
   * no memory nodes, which refuses every process: each level inherits its parent's.
   */
  private static void create(Path hierarchy, Path dir) throws IOException {
    Path current = hierarchy;
    for (Path name : hierarchy.relativize(dir)) {
      Path parent = current;
      current = current.resolve(name);
      try {
        Files.createDirectory(current);
      } catch (FileAlreadyExistsException e) {
        // Made by another container of the pod at the same time; it may not be filled yet.
      }
      for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
        Path inherited = parent.resolve(file);
        Path own = current.resolve(file);
        if (Files.exists(inherited) && (!Files.exists(own) || Files.readString(own).isBlank())) {
          Files.writeString(own, Files.readString(inherited).strip());
        }
      }
    }
  }

}

package dev.coracle.core.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLayoutTest {

  @TempDir
  Path cgroup;

  @Test
  void detect_v1ControllersOnly_isLegacy() throws Exception {
    Files.createDirectories(cgroup.resolve("memory"));
    Files.createDirectories(cgroup.resolve("cpu"));
    assertEquals(CgroupLayout.LEGACY, CgroupLayout.detect(cgroup));
  }

  @Test
  void detect_v1PlusUnifiedMount_isHybrid() throws Exception {
    Files.createDirectories(cgroup.resolve("memory"));
    Files.createDirectories(cgroup.resolve("unified"));
    Files.writeString(cgroup.resolve("unified/cgroup.procs"), "1\n");
    assertEquals(CgroupLayout.HYBRID, CgroupLayout.detect(cgroup));
  }

  @Test
  void detect_cgroup2Root_isUnified() throws Exception {
    Files.writeString(cgroup.resolve("cgroup.controllers"), "cpu memory pids\n");
    assertEquals(CgroupLayout.UNIFIED, CgroupLayout.detect(cgroup));
  }

  @Test
  void detect_thisHost_matchesItsMounts() {
    // MACHINE.md: the development and CI machines run v1 with a cgroup2 mount at unified.
    Path host = Path.of("/sys/fs/cgroup");
    CgroupLayout expected = Files.exists(host.resolve("cgroup.controllers")) ? CgroupLayout.UNIFIED
        : Files.exists(host.resolve("unified/cgroup.procs")) ? CgroupLayout.HYBRID : CgroupLayout.LEGACY;
    assertEquals(expected, CgroupLayout.detect(host));
  }
}

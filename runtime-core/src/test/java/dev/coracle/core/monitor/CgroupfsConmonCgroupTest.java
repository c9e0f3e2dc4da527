package dev.coracle.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupfsConmonCgroupTest {

  @TempDir
  Path root;

  @Test
  void join_unified_writesThePidIntoTheOneHierarchy() throws Exception {
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids");
    Files.writeString(root.resolve("cgroup.procs"), "");

    new CgroupfsConmonCgroup(root).join(42, "/pod1/conmon");

    assertEquals("42", Files.readString(root.resolve("pod1/conmon/cgroup.procs")));
  }

  @Test
  void join_v1_writesEveryHierarchy_andCpusetInheritsCpusAndMems() throws Exception {
    for (String controller : new String[] {"memory", "cpuset"}) {
      Files.createDirectories(root.resolve(controller));
      Files.writeString(root.resolve(controller).resolve("cgroup.procs"), "");
    }
    Files.writeString(root.resolve("cpuset/cpuset.cpus"), "0-1\n");
    Files.writeString(root.resolve("cpuset/cpuset.mems"), "0\n");
    Files.createDirectories(root.resolve("not-a-hierarchy"));

    new CgroupfsConmonCgroup(root).join(42, "pod1/conmon");

    assertEquals("42", Files.readString(root.resolve("memory/pod1/conmon/cgroup.procs")));
    assertEquals("42", Files.readString(root.resolve("cpuset/pod1/conmon/cgroup.procs")));
    assertEquals("0-1", Files.readString(root.resolve("cpuset/pod1/cpuset.cpus")));
    assertEquals("0", Files.readString(root.resolve("cpuset/pod1/conmon/cpuset.mems")));
    assertTrue(Files.notExists(root.resolve("memory/pod1/cpuset.cpus")));
    assertTrue(Files.notExists(root.resolve("not-a-hierarchy/pod1")));
  }

  @Test
  void join_emptyCgroup_staysPut() throws Exception {
    Files.writeString(root.resolve("cgroup.controllers"), "");

    new CgroupfsConmonCgroup(root).join(42, "");

    assertTrue(Files.notExists(root.resolve("cgroup.procs")));
  }
}

package dev.coracle.core.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** cgroup v2 on a file tree shaped like one (this machine has no v2 controllers to test on). */
class UnifiedCgroupsTest {

  @TempDir
  Path root;

  private void level(Path dir, String controllers) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cgroup.controllers"), controllers + "\n");
    Files.writeString(dir.resolve("cgroup.subtree_control"), "\n");
  }

  @Test
  void forHost_choosesUnifiedOnACgroup2Root() throws Exception {
    level(root, "cpu memory pids");
    assertTrue(CgroupManager.forHost(root) instanceof UnifiedCgroups);
  }

  @Test
  void create_enablesTheWantedControllersOnEachParentLevel() throws Exception {
    level(root, "cpuset cpu io memory hugetlb pids rdma misc");
    level(root.resolve("coracle"), "cpuset cpu io memory hugetlb pids");
    new UnifiedCgroups(root).create("coracle/pod-a");
    assertEquals("+cpu +cpuset +memory +pids +io +hugetlb", Files.readString(root.resolve("cgroup.subtree_control")));
    assertEquals("+cpu +cpuset +memory +pids +io +hugetlb",
        Files.readString(root.resolve("coracle/cgroup.subtree_control")));
    assertTrue(Files.isDirectory(root.resolve("coracle/pod-a")));
  }

  @Test
  void apply_convertsV1TermsToV2Files() throws Exception {
    level(root, "cpu memory pids");
    Path pod = root.resolve("pod");
    Files.createDirectories(pod);
    new UnifiedCgroups(root).apply("pod", new CgroupLimits(1024L, 50_000L, 100_000L, "0-1", null, 128L << 20, 0L,
        Map.of("2MB", 4L << 20), Map.of("memory.high", "100000000")));
    assertEquals("39", Files.readString(pod.resolve("cpu.weight")));
    assertEquals("50000 100000", Files.readString(pod.resolve("cpu.max")));
    assertEquals("0-1", Files.readString(pod.resolve("cpuset.cpus")));
    assertEquals(Long.toString(128L << 20), Files.readString(pod.resolve("memory.max")));
    assertEquals("max", Files.readString(pod.resolve("pids.max")));
    assertEquals(Long.toString(4L << 20), Files.readString(pod.resolve("hugetlb.2MB.max")));
    assertEquals("100000000", Files.readString(pod.resolve("memory.high")));
  }

  @Test
  void apply_unifiedKeyThatIsAPath_isRefused() throws Exception {
    Files.createDirectories(root.resolve("pod"));
    assertThrows(InvalidArgumentException.class, () -> new UnifiedCgroups(root).apply("pod",
        new CgroupLimits(null, null, null, null, null, null, null, Map.of(), Map.of("../../release_agent", "x"))));
  }

  @ParameterizedTest
  @CsvSource({"2,1", "262144,10000", "1024,39", "1,1", "1000000,10000"})
  void weightOf_mapsSharesOntoTheV2Range(long shares, long weight) {
    assertEquals(weight, CgroupLimits.weightOf(shares));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "../x", "a/../../x", "a/./b", "a b", "a//b"})
  void paths_thatCouldLeaveTheHierarchy_areRefused(String path) {
    assertThrows(InvalidArgumentException.class, () -> CgroupFiles.resolve(root, path));
  }
}

package dev.coracle.core.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coracle.core.error.FailedPreconditionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host's real cgroup v1 hierarchies (MACHINE.md: this machine is v1 with a unified mount). */
class LegacyCgroupsTest {

  private static final Path ROOT = Path.of("/sys/fs/cgroup");
  private final String parent = "coracle-unit-" + ProcessHandle.current().pid();
  private final String pod = parent + "/pod-a";
  private CgroupManager cgroups;

  @BeforeEach
  void layout() {
    CgroupLayout layout = CgroupLayout.detect(ROOT);
    assumeTrue(layout != CgroupLayout.UNIFIED, "this host runs cgroup v2 only; UnifiedCgroupsTest covers it");
    cgroups = CgroupManager.forHost(ROOT);
    assertTrue(cgroups instanceof LegacyCgroups);
  }

  @AfterEach
  void cleanUp() {
    if (cgroups != null) {
      cgroups.remove(parent);
    }
  }

  private static String read(String controller, String path, String file) throws Exception {
    return Files.readString(ROOT.resolve(controller).resolve(path).resolve(file)).strip();
  }

  @Test
  void create_makesTheCgroupInEveryController_withCpusetFilledFromItsParent() throws Exception {
    cgroups.create(pod);
    for (String controller : new String[] {"cpu", "memory", "pids", "cpuset", "devices", "freezer"}) {
      assertTrue(Files.isDirectory(ROOT.resolve(controller).resolve(pod)), controller);
    }
    assertEquals(read("cpuset", "", "cpuset.cpus"), read("cpuset", pod, "cpuset.cpus"));
    assertEquals(read("cpuset", "", "cpuset.mems"), read("cpuset", pod, "cpuset.mems"));
    cgroups.create(pod); // again: nothing to do
  }

  @Test
  void apply_writesEveryLimit() throws Exception {
    cgroups.create(pod);
    cgroups.apply(pod, new CgroupLimits(512L, 50_000L, 100_000L, "0", "0", 64L << 20, 100L, Map.of(), Map.of()));
    assertEquals("512", read("cpu", pod, "cpu.shares"));
    assertEquals("50000", read("cpu", pod, "cpu.cfs_quota_us"));
    assertEquals("100000", read("cpu", pod, "cpu.cfs_period_us"));
    assertEquals("0", read("cpuset", pod, "cpuset.cpus"));
    assertEquals(Long.toString(64L << 20), read("memory", pod, "memory.limit_in_bytes"));
    assertEquals("100", read("pids", pod, "pids.max"));
    cgroups.apply(pod, new CgroupLimits(null, null, null, null, null, null, 0L, Map.of(), Map.of()));
    assertEquals("max", read("pids", pod, "pids.max"));
    assertEquals("512", read("cpu", pod, "cpu.shares"), "null leaves a limit as it is");
  }

  @Test
  void apply_valueTheKernelRefuses_isInvalidArgumentNamingTheFile() {
    cgroups.create(pod);
    var e = assertThrows(dev.coracle.core.error.InvalidArgumentException.class,
        () -> cgroups.apply(pod, new CgroupLimits(null, null, null, "99999", null, null, null, Map.of(), Map.of())));
    assertTrue(e.getMessage().contains("cpuset.cpus"), e.getMessage());
  }

  @Test
  void remove_refusesWhileProcessesRun_thenRemovesEveryLevel() throws Exception {
    cgroups.create(pod);
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      Files.writeString(ROOT.resolve("pids").resolve(pod).resolve("cgroup.procs"), Long.toString(sleeper.pid()));
      assertEquals(java.util.List.of((int) sleeper.pid()), cgroups.pids(pod));
      assertThrows(FailedPreconditionException.class, () -> cgroups.remove(pod));
    } finally {
      sleeper.destroyForcibly();
      sleeper.waitFor(10, TimeUnit.SECONDS);
    }
    cgroups.remove(parent);
    assertFalse(Files.exists(ROOT.resolve("pids").resolve(parent)));
    assertFalse(Files.exists(ROOT.resolve("cpuset").resolve(parent)));
    cgroups.remove(parent); // already gone: fine
  }
}

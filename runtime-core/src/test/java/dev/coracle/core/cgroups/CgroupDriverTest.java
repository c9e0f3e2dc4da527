package dev.coracle.core.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupDriverTest {

  @TempDir
  Path root;

  private Path withSystemd() throws Exception {
    Files.createDirectories(root.resolve("run/systemd/system"));
    return root;
  }

  @Test
  void select_autoWithoutSystemd_isCgroupfs() {
    assertEquals(CgroupDriver.CGROUPFS, CgroupDriver.select("auto", root));
  }

  @Test
  void select_autoWithSystemd_isSystemd() throws Exception {
    assertEquals(CgroupDriver.SYSTEMD, CgroupDriver.select("auto", withSystemd()));
  }

  @Test
  void select_explicitCgroupfs_evenWithSystemd() throws Exception {
    assertEquals(CgroupDriver.CGROUPFS, CgroupDriver.select("cgroupfs", withSystemd()));
  }

  @Test
  void select_systemdWithSystemd_isSystemd() throws Exception {
    assertEquals(CgroupDriver.SYSTEMD, CgroupDriver.select("systemd", withSystemd()));
  }

  @Test
  void select_systemdWithoutSystemd_isRefusedWithTheReason() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> CgroupDriver.select("systemd", root));
    assertTrue(e.getMessage().contains("systemd is not running"), e.getMessage());
  }

  @Test
  void select_unknownSetting_isRefused() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> CgroupDriver.select("cgroupv3", root));
    assertTrue(e.getMessage().contains("cgroupv3"), e.getMessage());
  }
}

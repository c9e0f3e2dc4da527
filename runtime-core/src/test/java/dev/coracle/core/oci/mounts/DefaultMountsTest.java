package dev.coracle.core.oci.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.spec.Spec.Mount;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DefaultMountsTest {

  private static Map<String, Mount> byDestination(List<Mount> mounts) {
    return mounts.stream().collect(Collectors.toMap(Mount::destination, Function.identity()));
  }

  @Test
  void linux_destinations_inMountOrder() {
    assertEquals(List.of("/proc", "/dev", "/dev/pts", "/dev/mqueue", "/dev/shm", "/sys", "/sys/fs/cgroup"),
        DefaultMounts.linux(false, null).stream().map(Mount::destination).toList());
  }

  @Test
  void linux_unprivileged_sysAndCgroupAreReadOnly() {
    Map<String, Mount> mounts = byDestination(DefaultMounts.linux(false, null));
    assertEquals(new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")), mounts.get("/sys"));
    assertEquals("cgroup", mounts.get("/sys/fs/cgroup").type());
    assertTrue(mounts.get("/sys/fs/cgroup").options().contains("ro"));
    assertFalse(mounts.get("/sys/fs/cgroup").options().contains("rw"));
  }

  @Test
  void linux_privileged_sysAndCgroupAreWritable() {
    Map<String, Mount> mounts = byDestination(DefaultMounts.linux(true, null));
    for (String destination : List.of("/sys", "/sys/fs/cgroup")) {
      assertTrue(mounts.get(destination).options().contains("rw"), destination);
      assertFalse(mounts.get(destination).options().contains("ro"), destination);
    }
  }

  @Test
  void linux_procDevAndPts_haveTheStandardOptions() {
    Map<String, Mount> mounts = byDestination(DefaultMounts.linux(false, null));
    assertEquals(new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")), mounts.get("/proc"));
    assertEquals(new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
        mounts.get("/dev"));
    assertEquals(List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
        mounts.get("/dev/pts").options());
    assertEquals("mqueue", mounts.get("/dev/mqueue").type());
  }

  @Test
  void linux_noPodShm_isAPrivate64MiBTmpfs() {
    Mount shm = byDestination(DefaultMounts.linux(false, null)).get("/dev/shm");
    assertEquals("tmpfs", shm.type());
    assertTrue(shm.options().contains("size=65536k"), shm.options().toString());
    assertTrue(shm.options().contains("mode=1777"), shm.options().toString());
  }

  @Test
  void linux_podShm_isBoundIn() {
    Mount shm = byDestination(DefaultMounts.linux(false, "/run/coracle/pods/abc/shm")).get("/dev/shm");
    assertEquals("bind", shm.type());
    assertEquals("/run/coracle/pods/abc/shm", shm.source());
    assertTrue(shm.options().contains("rbind"), shm.options().toString());
  }

  @Test
  void linux_relativePodShm_isRefused() {
    assertThrows(InvalidArgumentException.class, () -> DefaultMounts.linux(false, "pods/abc/shm"));
  }
}

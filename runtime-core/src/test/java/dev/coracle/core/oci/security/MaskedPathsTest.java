package dev.coracle.core.oci.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskedPathsTest {

  @Test
  void forContainer_kubeletDefaults_areUsedAsSent() {
    MaskedPaths.Resolved resolved =
        MaskedPaths.forContainer(MaskedPaths.DEFAULT_MASKED, MaskedPaths.DEFAULT_READONLY, false);
    assertEquals(MaskedPaths.DEFAULT_MASKED, resolved.masked());
    assertEquals(MaskedPaths.DEFAULT_READONLY, resolved.readonly());
  }

  @Test
  void forContainer_emptyLists_meanNoPaths() {
    // kubelet's procMount: Unmasked
    assertEquals(new MaskedPaths.Resolved(List.of(), List.of()), MaskedPaths.forContainer(List.of(), List.of(), false));
    assertEquals(new MaskedPaths.Resolved(List.of(), List.of()), MaskedPaths.forContainer(null, null, false));
  }

  @Test
  void forContainer_ownLists_replaceTheDefaults() {
    MaskedPaths.Resolved resolved = MaskedPaths.forContainer(List.of("/proc/kcore", "/proc/secret"), List.of("/proc/sys"), false);
    assertEquals(List.of("/proc/kcore", "/proc/secret"), resolved.masked());
    assertEquals(List.of("/proc/sys"), resolved.readonly());
  }

  @Test
  void forContainer_privileged_getsNoPaths() {
    assertEquals(new MaskedPaths.Resolved(List.of(), List.of()),
        MaskedPaths.forContainer(MaskedPaths.DEFAULT_MASKED, MaskedPaths.DEFAULT_READONLY, true));
  }

  @Test
  void forContainer_duplicates_areDroppedKeepingOrder() {
    assertEquals(List.of("/b", "/a"), MaskedPaths.forContainer(List.of("/b", "/a", "/b"), List.of(), false).masked());
  }

  @Test
  void forContainer_relativePath_isRefused() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> MaskedPaths.forContainer(List.of(), List.of("proc/sys"), false));
    assertTrue(e.getMessage().contains("\"proc/sys\""), e.getMessage());
  }

  @Test
  void forContainer_relativePathWhenPrivileged_isStillRefused() {
    assertThrows(InvalidArgumentException.class, () -> MaskedPaths.forContainer(List.of("kcore"), List.of(), true));
  }

  @Test
  void defaults_areTheStandardLists() {
    MaskedPaths.Resolved defaults = MaskedPaths.defaults();
    assertEquals(11, defaults.masked().size());
    assertTrue(defaults.masked().containsAll(List.of("/proc/kcore", "/proc/keys", "/sys/firmware",
        "/sys/devices/virtual/powercap")));
    assertEquals(List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"), defaults.readonly());
  }
}

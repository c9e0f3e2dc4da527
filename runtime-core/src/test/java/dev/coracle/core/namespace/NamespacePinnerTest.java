package dev.coracle.core.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.sys.LinuxSyscalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real namespaces, as root: pins, the hostname and loopback inside, and a clean release. */
class NamespacePinnerTest {

  @TempDir
  Path dir;

  private final NamespacePinner pinner = new NamespacePinner(LinuxSyscalls.get());

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  void pin_holdsNewNamespacesWithHostnameAndLoopbackUp_andUnpinReleasesThem() throws Exception {
    PinnedNamespaces pinned = pinner.pin(dir.resolve("pod"), EnumSet.allOf(NamespaceKind.class), "pod-a");
    try {
      for (NamespaceKind kind : NamespaceKind.values()) {
        Path pin = pinned.path(kind).orElseThrow();
        assertTrue(NamespacePinner.isMountPoint(pin), kind + " pinned");
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/" + kind.file())).toString(),
            run("readlink", "/proc/self/ns/" + kind.file()).isEmpty() ? "" : nsOf(pin, kind), kind + " is new");
      }
      assertEquals("pod-a", run("nsenter", "--uts=" + pinned.path(NamespaceKind.UTS).orElseThrow(), "hostname"));
      String links = run("nsenter", "--net=" + pinned.path(NamespaceKind.NET).orElseThrow(), "ip", "-o", "link");
      assertEquals(1, links.lines().count(), "only loopback: " + links);
      assertTrue(links.contains("lo:") && links.contains("UP"), links);
    } finally {
      pinner.unpin(pinned);
    }
    for (Path pin : pinned.pins().values()) {
      assertFalse(NamespacePinner.isMountPoint(pin));
      assertFalse(Files.exists(pin));
    }
    pinner.unpin(pinned); // twice is fine
  }

  private static String nsOf(Path pin, NamespaceKind kind) throws Exception {
    return run("nsenter", "--" + (kind == NamespaceKind.NET ? "net" : kind.file()) + "=" + pin,
        "readlink", "/proc/self/ns/" + kind.file());
  }

  @Test
  void pin_twoPods_getDifferentNamespaces() throws Exception {
    PinnedNamespaces a = pinner.pin(dir.resolve("a"), EnumSet.of(NamespaceKind.NET), "a");
    PinnedNamespaces b = pinner.pin(dir.resolve("b"), EnumSet.of(NamespaceKind.NET), "b");
    try {
      assertNotEquals(nsOf(a.path(NamespaceKind.NET).orElseThrow(), NamespaceKind.NET),
          nsOf(b.path(NamespaceKind.NET).orElseThrow(), NamespaceKind.NET));
    } finally {
      pinner.unpin(a);
      pinner.unpin(b);
    }
  }

  @Test
  void pin_invalidHostname_isRefusedBeforeAnythingIsMade() {
    for (String bad : List.of("Pod_A", "-x", "a".repeat(65), "")) {
      assertThrows(InvalidArgumentException.class,
          () -> pinner.pin(dir.resolve("bad"), EnumSet.allOf(NamespaceKind.class), bad), bad);
    }
    assertFalse(Files.exists(dir.resolve("bad")));
  }

  @Test
  void isMountPoint_readsTheMountTable() throws Exception {
    assertTrue(NamespacePinner.isMountPoint(Path.of("/proc")));
    assertFalse(NamespacePinner.isMountPoint(dir));
  }
}

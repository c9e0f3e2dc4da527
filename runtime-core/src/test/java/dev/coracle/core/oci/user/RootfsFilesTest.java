package dev.coracle.core.oci.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsFilesTest {

  @TempDir
  Path dir;

  Path root;

  @BeforeEach
  void image() throws IOException {
    root = Files.createDirectories(dir.resolve("root"));
    Files.createDirectories(root.resolve("private/etc"));
    Files.writeString(root.resolve("private/etc/passwd"), "inside\n");
    Files.writeString(dir.resolve("secret"), "host\n");
  }

  @Test
  void read_plainFile_isItsText() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "plain\n");
    assertEquals(Optional.of("plain\n"), RootfsFiles.read(root, "/etc/passwd"));
  }

  @Test
  void read_missingFile_isEmpty() {
    assertEquals(Optional.empty(), RootfsFiles.read(root, "/etc/passwd"));
  }

  @Test
  void read_directoryLinkedAbsolutely_resolvesInsideTheRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("etc"), Path.of("/private/etc"));
    assertEquals(Optional.of("inside\n"), RootfsFiles.read(root, "/etc/passwd"));
  }

  @Test
  void read_relativeLinkClimbingOut_stopsAtTheRoot() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    // From root/etc, ../../../secret would be the host's dir/secret; clamped it is root/secret.
    Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("../../../secret"));
    assertEquals(Optional.empty(), RootfsFiles.read(root, "/etc/passwd"));
    Files.writeString(root.resolve("secret"), "the image's own\n");
    assertEquals(Optional.of("the image's own\n"), RootfsFiles.read(root, "/etc/passwd"));
  }

  @Test
  void read_absoluteLinkToAHostPath_staysInTheRoot() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("etc/passwd"), dir.resolve("secret"));
    assertEquals(Optional.empty(), RootfsFiles.read(root, "/etc/passwd"));
  }

  @Test
  void read_dotDotInThePath_stopsAtTheRoot() {
    assertEquals(Optional.of("inside\n"), RootfsFiles.read(root, "/../../private/./etc/passwd"));
  }

  @Test
  void read_linkLoop_isRefused() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/etc/group"));
    Files.createSymbolicLink(root.resolve("etc/group"), Path.of("passwd"));
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> RootfsFiles.read(root, "/etc/passwd"));
    assertTrue(e.getMessage().contains("/etc/passwd"), e.getMessage());
  }

  @Test
  void read_directory_isRefused() throws IOException {
    Files.createDirectories(root.resolve("etc/passwd"));
    assertThrows(InvalidArgumentException.class, () -> RootfsFiles.read(root, "/etc/passwd"));
  }

  @Test
  void resolve_fileUsedAsDirectory_leadsNowhere() throws IOException {
    Files.writeString(root.resolve("etc"), "a file, not a directory");
    assertEquals(Optional.empty(), RootfsFiles.read(root, "/etc/passwd"));
  }
}

package dev.coracle.core.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's syscalls must be the real ones, not the interface's defaults that serve fakes. */
class LazyLinuxSyscallsTest {

  private final LinuxSyscalls sys = new LazyLinuxSyscalls();

  @TempDir
  Path dir;

  @Test
  void symlink_keepsTheTargetByteForByte() throws Exception {
    Path link = dir.resolve("link");
    sys.symlink("a//b/", link);
    // Java's Path would normalise the text it reads back: ask readlink(1) for the raw bytes.
    assertEquals("a//b/\n", new String(readLink(link), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void chmod_setsTheSetuidBit() throws Exception {
    Path file = Files.createFile(dir.resolve("f"));
    sys.chmod(file, 04755);
    assertEquals(04755, (int) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
  }

  private static byte[] readLink(Path link) throws Exception {
    java.lang.Process readlink = new ProcessBuilder("readlink", link.toString()).start();
    return readlink.getInputStream().readAllBytes();
  }
}

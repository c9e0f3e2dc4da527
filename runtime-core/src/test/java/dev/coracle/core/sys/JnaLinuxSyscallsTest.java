package dev.coracle.core.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Against the real kernel, as root, on the ext4 root file system of the test machine. */
class JnaLinuxSyscallsTest {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final LinuxSyscalls sys = LinuxSyscalls.get();

  @TempDir
  Path dir;

  @AfterEach
  void noMountLeftBehind() throws IOException {
    assertFalse(TmpfsMount.isMounted(dir.resolve("mnt")), "tmpfs left mounted");
  }

  /** Each call, on a path whose directory does not exist, and the message it must give. */
  static Stream<Arguments> callsOnAMissingPath() {
    FileTime time = FileTime.from(Instant.EPOCH);
    return Stream.of(
        call("mknod", (sys, p) -> sys.mknod(p, LinuxSyscalls.S_IFIFO | 0600, 0, 0)),
        call("lchown", (sys, p) -> sys.lchown(p, 0, 0)),
        call("chmod", (sys, p) -> sys.chmod(p, 0644)),
        call("symlink", (sys, p) -> sys.symlink("/target", p)),
        call("lsetxattr user.x", (sys, p) -> sys.lsetxattr(p, "user.x", new byte[] {1})),
        call("lgetxattr user.x", (sys, p) -> sys.lgetxattr(p, "user.x")),
        call("utimensat", (sys, p) -> sys.lutimes(p, time, time)),
        call("statfs", (sys, p) -> sys.statfs(p)));
  }

  private interface Call {
    void on(LinuxSyscalls sys, Path path) throws IOException;
  }

  private static Arguments call(String operation, Call call) {
    return Arguments.of(operation, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("callsOnAMissingPath")
  void everyCall_onAMissingPath_isEnoentNamingCallAndPath(String operation, Call call) {
    Path missing = dir.resolve("no-such-dir/file");
    ErrnoException e = assertThrows(ErrnoException.class, () -> call.on(sys, missing));
    assertEquals(operation + " " + missing + ": ENOENT (No such file or directory)", e.getMessage());
    assertEquals(missing.toString(), e.getFile());
  }

  @Test
  void get_isTheJnaImplementation() {
    assertInstanceOf(JnaLinuxSyscalls.class, sys);
  }

  @Test
  void structs_haveGlibcSizes() {
    // Sizes printed by a C program against glibc 2.36 on x86_64.
    assertEquals(16, new LibC.Timespec().size());
    assertEquals(120, new LibC.Statfs().size());
  }

  @Test
  void makedev_matchesGlibc() {
    // Values printed by glibc's makedev(3).
    assertEquals(0x103L, JnaLinuxSyscalls.makedev(1, 3));
    assertEquals(0x11110370L, JnaLinuxSyscalls.makedev(259, 70000));
    assertEquals(0L, JnaLinuxSyscalls.makedev(0, 0));
  }

  @Test
  void mknod_characterDevice_hasTypeModeAndNumbers() throws IOException {
    Path node = dir.resolve("null");
    sys.mknod(node, LinuxSyscalls.S_IFCHR | 0600, 1, 3);
    Map<String, Object> attrs = unix(node);
    assertEquals(0020600, (int) attrs.get("mode"));
    assertEquals(0x103L, (long) attrs.get("rdev"));
  }

  @Test
  void mknod_blockDeviceWithLargeNumbers_encodesLikeGlibc() throws IOException {
    Path node = dir.resolve("disk");
    sys.mknod(node, LinuxSyscalls.S_IFBLK | 0640, 259, 70000);
    Map<String, Object> attrs = unix(node);
    assertEquals(0060640, (int) attrs.get("mode"));
    assertEquals(0x11110370L, (long) attrs.get("rdev"));
  }

  @Test
  void mknod_fifo_isAFifo() throws IOException {
    Path fifo = dir.resolve("fifo");
    sys.mknod(fifo, LinuxSyscalls.S_IFIFO | 0600, 0, 0);
    assertEquals(0010600, (int) unix(fifo).get("mode"));
  }

  @Test
  void mknod_existingPath_isEexistNamingPath() throws IOException {
    Path file = Files.createFile(dir.resolve("taken"));
    ErrnoException e = assertThrows(ErrnoException.class,
        () -> sys.mknod(file, LinuxSyscalls.S_IFIFO | 0600, 0, 0));
    assertEquals("mknod " + file + ": EEXIST (File exists)", e.getMessage());
    assertEquals("EEXIST", e.errnoName());
    assertEquals(file.toString(), e.getFile());
  }

  @Test
  void lchown_symlink_changesTheLinkNotItsTarget() throws IOException {
    Path target = Files.createFile(dir.resolve("target"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    sys.lchown(link, 1234, 5678);
    assertEquals(1234, unix(link).get("uid"));
    assertEquals(5678, unix(link).get("gid"));
    assertEquals(0, unix(target).get("uid"));
  }

  @Test
  void lchown_missingPath_namesCallPathAndErrno() {
    Path missing = dir.resolve("missing");
    ErrnoException e = assertThrows(ErrnoException.class, () -> sys.lchown(missing, 1, 1));
    assertEquals("lchown " + missing + ": ENOENT (No such file or directory)", e.getMessage());
    assertEquals(2, e.errno());
  }

  @Test
  void chmod_setsSpecialBits() throws IOException {
    Path file = Files.createFile(dir.resolve("su"));
    sys.chmod(file, 07755);
    assertEquals(0107755, (int) unix(file).get("mode"));
  }

  @Test
  void symlink_keepsTargetByteForByte() throws IOException {
    Path link = dir.resolve("link");
    sys.symlink("some//dir/", link);
    assertTrue(Files.isSymbolicLink(link));
    // A link's size is the length of its target; Path would have normalised it to "some/dir".
    assertEquals("some//dir/".length(), (long) unix(link).get("size"));
  }

  @Test
  void lsetxattr_binaryValue_roundTrips() throws IOException {
    Path file = Files.createFile(dir.resolve("f"));
    byte[] value = {1, 0, 0, 2, (byte) 0xc0, 0, 0, 0, (byte) 0xff};
    sys.lsetxattr(file, "user.coracle", value);
    assertArrayEquals(value, sys.lgetxattr(file, "user.coracle"));
  }

  @Test
  void lsetxattr_emptyValue_isPresentAndEmpty() throws IOException {
    Path file = Files.createFile(dir.resolve("f"));
    sys.lsetxattr(file, "user.empty", new byte[0]);
    assertArrayEquals(new byte[0], sys.lgetxattr(file, "user.empty"));
  }

  @Test
  void lgetxattr_absent_isNull() throws IOException {
    Path file = Files.createFile(dir.resolve("f"));
    assertNull(sys.lgetxattr(file, "user.absent"));
  }

  @Test
  void lgetxattr_missingPath_isEnoent() {
    Path missing = dir.resolve("missing");
    ErrnoException e = assertThrows(ErrnoException.class, () -> sys.lgetxattr(missing, "user.x"));
    assertEquals("lgetxattr user.x " + missing + ": ENOENT (No such file or directory)", e.getMessage());
  }

  @Test
  void lsetxattr_onSymlink_setsTheLinkNotItsTarget() throws IOException {
    Path target = Files.createFile(dir.resolve("target"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    // user.* is refused on links by the kernel; trusted.* is what overlayfs uses anyway.
    sys.lsetxattr(link, "trusted.coracle", "y".getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals("y".getBytes(StandardCharsets.US_ASCII), sys.lgetxattr(link, "trusted.coracle"));
    assertNull(sys.lgetxattr(target, "trusted.coracle"));
  }

  @Test
  void lutimes_symlink_setsNanosecondsOnTheLinkOnly() throws IOException {
    Path target = Files.createFile(dir.resolve("target"));
    FileTime before = Files.getLastModifiedTime(target);
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    FileTime atime = FileTime.from(Instant.parse("2001-02-03T04:05:06.123456789Z"));
    FileTime mtime = FileTime.from(Instant.parse("2010-01-02T03:04:05.987654321Z"));
    sys.lutimes(link, atime, mtime);
    assertEquals(mtime, Files.getLastModifiedTime(link, NOFOLLOW));
    assertEquals(atime, unix(link).get("lastAccessTime"));
    assertEquals(before, Files.getLastModifiedTime(target));
  }

  @Test
  void lutimes_beforeEpoch_isKept() throws IOException {
    Path file = Files.createFile(dir.resolve("old"));
    FileTime mtime = FileTime.from(Instant.parse("1960-06-01T00:00:00.5Z"));
    sys.lutimes(file, mtime, mtime);
    assertEquals(mtime, Files.getLastModifiedTime(file, NOFOLLOW));
  }

  @Test
  void statfs_agreesWithTheJdk() throws IOException {
    FsUsage usage = sys.statfs(dir);
    FileStore store = Files.getFileStore(dir);
    assertEquals(store.getTotalSpace(), usage.totalBytes());
    // Others write to this disk meanwhile: agree within 64 MiB.
    assertTrue(Math.abs(store.getUsableSpace() - usage.freeBytes()) < 64L << 20, usage::toString);
    assertTrue(usage.totalInodes() > 0 && usage.freeInodes() > 0 && usage.freeInodes() <= usage.totalInodes(),
        usage::toString);
  }

  @Test
  void statfs_smallTmpfs_reportsItsLimits() throws Exception {
    try (TmpfsMount tmpfs = TmpfsMount.mount(dir.resolve("mnt"), "size=1m,nr_inodes=100")) {
      FsUsage usage = sys.statfs(tmpfs.dir());
      assertEquals(1L << 20, usage.totalBytes());
      assertEquals(1L << 20, usage.freeBytes());
      assertEquals(100, usage.totalInodes());
      assertEquals(99, usage.freeInodes()); // the root directory holds one
    }
    assertFalse(TmpfsMount.isMounted(dir.resolve("mnt")));
  }

  @Test
  void mknod_noInodesLeft_isFileSystemExceptionSayingNoSpace() throws Exception {
    try (TmpfsMount tmpfs = TmpfsMount.mount(dir.resolve("mnt"), "size=1m,nr_inodes=4")) {
      for (int i = 0; i < 10; i++) {
        Path fifo = tmpfs.dir().resolve("fifo" + i);
        try {
          sys.mknod(fifo, LinuxSyscalls.S_IFIFO | 0600, 0, 0);
        } catch (FileSystemException e) {
          assertEquals("No space left on device", e.getReason());
          assertEquals("mknod " + fifo + ": ENOSPC (No space left on device)", e.getMessage());
          assertTrue(((ErrnoException) e).isNoSpace());
          return;
        }
      }
      fail("a tmpfs of 4 inodes took 10 FIFOs");
    }
  }

  @Test
  void mount_tmpfsWithOptionsThenUnmount_isSeenByTheKernel() throws Exception {
    Path target = Files.createDirectories(dir.resolve("mnt"));
    sys.mount("tmpfs", target, "tmpfs", LinuxSyscalls.MS_NOSUID | LinuxSyscalls.MS_NODEV, "size=1m,mode=0700");
    try {
      assertTrue(TmpfsMount.isMounted(target));
      assertEquals(1L << 20, sys.statfs(target).totalBytes());
      assertEquals(0700, (int) unix(target).get("mode") & 07777);
    } finally {
      sys.unmount(target, false);
    }
    assertFalse(TmpfsMount.isMounted(target));
  }

  @Test
  void mount_readOnlyBindRemount_refusesWrites() throws Exception {
    Path source = Files.createDirectories(dir.resolve("source"));
    Path target = Files.createDirectories(dir.resolve("mnt"));
    sys.mount(source.toString(), target, null, LinuxSyscalls.MS_BIND, null);
    try {
      sys.mount(null, target, null, LinuxSyscalls.MS_BIND | LinuxSyscalls.MS_REMOUNT | LinuxSyscalls.MS_RDONLY, null);
      FileSystemException e = assertThrows(FileSystemException.class,
          () -> Files.writeString(target.resolve("f"), "x"));
      assertTrue(e.getMessage().contains("Read-only"), e.getMessage());
    } finally {
      sys.unmount(target, false);
    }
  }

  @Test
  void mount_unknownFileSystemType_namesTheCallAndErrno() throws Exception {
    Path target = Files.createDirectories(dir.resolve("mnt"));
    ErrnoException e = assertThrows(ErrnoException.class, () -> sys.mount("none", target, "nosuchfs", 0, null));
    assertEquals("mount " + target + ": ENODEV (No such device)", e.getMessage());
  }

  @Test
  void mountIn_relativeSource_resolvesAgainstTheGivenDirAndLeavesTheJvmWorkingDirAlone() throws Exception {
    Path base = Files.createDirectories(dir.resolve("base"));
    Files.writeString(Files.createDirectories(base.resolve("source")).resolve("marker"), "here");
    Path target = Files.createDirectories(dir.resolve("mnt"));
    String cwdBefore = Path.of("").toRealPath().toString();
    sys.mountIn(base, "source", target, null, LinuxSyscalls.MS_BIND, null);
    try {
      assertEquals("here", Files.readString(target.resolve("marker")));
      assertEquals(cwdBefore, Path.of("").toRealPath().toString());
      assertEquals(cwdBefore, Path.of("/proc/self/cwd").toRealPath().toString());
    } finally {
      sys.unmount(target, false);
    }
  }

  @Test
  void mountIn_missingWorkingDir_isChdirEnoent() throws Exception {
    Path missing = dir.resolve("no-such-dir");
    Path target = Files.createDirectories(dir.resolve("mnt"));
    ErrnoException e = assertThrows(ErrnoException.class,
        () -> sys.mountIn(missing, "source", target, null, LinuxSyscalls.MS_BIND, null));
    assertEquals("chdir " + missing + ": ENOENT (No such file or directory)", e.getMessage());
  }

  private static Map<String, Object> unix(Path path) throws IOException {
    return Files.readAttributes(path, "unix:*", NOFOLLOW);
  }
}

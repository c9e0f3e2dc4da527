package dev.coracle.core.image.unpack;

import static dev.coracle.core.image.unpack.TestLayer.mode;
import static dev.coracle.core.image.unpack.TestLayer.mtime;
import static dev.coracle.core.image.unpack.TestLayer.owner;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.sys.ErrnoException;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unpacks real tar streams onto the test machine's ext4, as root. */
class LayerUnpackerTest {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  /** security.capability v2, effective, permitted cap_setgid+cap_setuid: 0xc0 is not UTF-8. */
  static final byte[] CAP_SETUID_SETGID = {1, 0, 0, 2, (byte) 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  private final LinuxSyscalls sys = LinuxSyscalls.get();
  private final LayerUnpacker unpacker = new LayerUnpacker(sys);

  @TempDir
  Path target;

  @BeforeEach
  void requireTrustedXattrs() throws IOException {
    Path probe = Files.createTempFile(target.getParent(), "xattr", ".probe");
    try {
      sys.lsetxattr(probe, "trusted.coracle-probe", new byte[] {1});
    } catch (ErrnoException e) {
      assumeTrue(false, "the file system under " + target + " refuses trusted.* xattrs (" + e.getMessage()
          + "); overlay whiteouts cannot be tested here");
    } finally {
      Files.delete(probe);
    }
  }

  @Test
  void unpack_regularFile_hasContentOwnerSetuidModeTimesAndXattrs() throws IOException {
    TestLayer layer = new TestLayer()
        .dir("usr")
        .dir("usr/bin")
        .pax("SCHILY.xattr.security.capability", CAP_SETUID_SETGID)
        .pax("SCHILY.xattr.user.note", "hello")
        .pax("mtime", "1700000000.123456789")
        .pax("atime", "1600000000.5")
        .file("usr/bin/tool", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), owner(1000, 2000), mode(0104755));

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    Path tool = target.resolve("usr/bin/tool");
    Map<String, Object> attrs = unix(tool); // before reading the content changes the atime
    assertEquals("#!/bin/sh\n", Files.readString(tool));
    assertEquals(0104755, (int) attrs.get("mode"));
    assertEquals(1000, attrs.get("uid"));
    assertEquals(2000, attrs.get("gid"));
    assertEquals(FileTime.from(Instant.parse("2023-11-14T22:13:20.123456789Z")), attrs.get("lastModifiedTime"));
    assertEquals(FileTime.from(Instant.parse("2020-09-13T12:26:40.5Z")), attrs.get("lastAccessTime"));
    assertArrayEquals(CAP_SETUID_SETGID, sys.lgetxattr(tool, "security.capability"));
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), sys.lgetxattr(tool, "user.note"));
  }

  @Test
  void unpack_libarchiveXattr_isBase64DecodedWithPercentEncodedName() throws IOException {
    byte[] value = {0, (byte) 0xff, 7};
    TestLayer layer = new TestLayer()
        .pax("LIBARCHIVE.xattr.user.na%6De", Base64.getEncoder().encodeToString(value))
        .file("f", "x");

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    assertArrayEquals(value, sys.lgetxattr(target.resolve("f"), "user.name"));
  }

  @Test
  void unpack_directory_getsItsMtimeAfterItsChildrenWereWritten() throws IOException {
    Instant dirTime = Instant.parse("2001-01-01T00:00:00.25Z");
    TestLayer layer = new TestLayer()
        .dir("etc", mtime(dirTime), owner(5, 6), mode(040750))
        .file("etc/a", "a")
        .dir("etc/sub")
        .file("etc/sub/b", "b");

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    Map<String, Object> attrs = unix(target.resolve("etc"));
    assertEquals(FileTime.from(dirTime), attrs.get("lastModifiedTime"));
    assertEquals(040750, (int) attrs.get("mode"));
    assertEquals(5, attrs.get("uid"));
    assertEquals(6, attrs.get("gid"));
    assertEquals(TestLayer.MTIME, Files.getLastModifiedTime(target.resolve("etc/sub"), NOFOLLOW));
  }

  @Test
  void unpack_directoryTwice_keepsContentAndTakesTheLaterHeader() throws IOException {
    TestLayer layer = new TestLayer()
        .dir("d", mode(040700))
        .file("d/f", "kept")
        .dir("d", mode(041777), owner(7, 7));

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    assertEquals("kept", Files.readString(target.resolve("d/f")));
    assertEquals(041777, (int) unix(target.resolve("d")).get("mode"));
    assertEquals(7, unix(target.resolve("d")).get("uid"));
  }

  @Test
  void unpack_missingParents_areCreated0755() throws IOException {
    TestLayer layer = new TestLayer().file("a/b/c", "deep");

    UnpackResult result = unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    assertEquals("deep", Files.readString(target.resolve("a/b/c")));
    assertEquals(040755, (int) unix(target.resolve("a")).get("mode"));
    assertEquals(040755, (int) unix(target.resolve("a/b")).get("mode"));
    assertEquals(3, result.inodes());
  }

  @Test
  void unpack_rootEntry_setsTheTargetsModeOwnerAndTimes() throws IOException {
    Instant rootTime = Instant.parse("2015-05-05T05:05:05Z");
    TestLayer layer = new TestLayer().dir("./", mode(040711), owner(3, 4), mtime(rootTime)).file("./f", "x");

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    Map<String, Object> attrs = unix(target);
    assertEquals(040711, (int) attrs.get("mode"));
    assertEquals(3, attrs.get("uid"));
    assertEquals(FileTime.from(rootTime), attrs.get("lastModifiedTime"));
    assertTrue(Files.exists(target.resolve("f")));
  }

  @Test
  void unpack_symlink_keepsAbsoluteTargetAndHasOwnerAndTimesOnTheLink() throws IOException {
    TestLayer layer = new TestLayer()
        .dir("bin")
        .pax("mtime", "1355314332.000000012")
        .symlink("bin/sh", "/bin/busybox", owner(11, 12))
        .symlink("bin/rel", "../usr//lib/");

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    Path link = target.resolve("bin/sh");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("/bin/busybox", Files.readSymbolicLink(link).toString());
    Map<String, Object> attrs = unix(link);
    assertEquals(11, attrs.get("uid"));
    assertEquals(12, attrs.get("gid"));
    assertEquals(FileTime.from(Instant.parse("2012-12-12T12:12:12.000000012Z")), attrs.get("lastModifiedTime"));
    // The size of a link is its target's length: stored byte for byte, not normalised.
    assertEquals("../usr//lib/".length(), (long) unix(target.resolve("bin/rel")).get("size"));
  }

  @Test
  void unpack_hardLink_sharesTheInodeOfTheEarlierEntry() throws IOException {
    TestLayer layer = new TestLayer()
        .file("bin/busybox", "bb".getBytes(StandardCharsets.UTF_8), mode(0100755))
        .hardLink("bin/ls", "bin/busybox")
        .hardLink("/bin/cat", "/bin/busybox")
        .symlink("bin/sh", "/bin/busybox")
        .hardLink("bin/sh2", "bin/sh");

    UnpackResult result = unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    Object inode = unix(target.resolve("bin/busybox")).get("ino");
    assertEquals(inode, unix(target.resolve("bin/ls")).get("ino"));
    assertEquals(inode, unix(target.resolve("bin/cat")).get("ino"));
    assertEquals(3, unix(target.resolve("bin/busybox")).get("nlink"));
    assertEquals(unix(target.resolve("bin/sh")).get("ino"), unix(target.resolve("bin/sh2")).get("ino"));
    assertEquals(2, result.bytes());
    assertEquals(3, result.inodes()); // bin, busybox, sh: links add none
  }

  @Test
  void unpack_devicesAndFifo_areNodesWithNumbersModeOwnerAndTimes() throws IOException {
    TestLayer layer = new TestLayer()
        .node("dev/null", TarConstants.LF_CHR, 1, 3, mode(0666))
        .node("dev/sda1", TarConstants.LF_BLK, 8, 1, mode(0660), owner(0, 6))
        .node("run/fifo", TarConstants.LF_FIFO, 0, 0, mode(0622));

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    Map<String, Object> nul = unix(target.resolve("dev/null"));
    assertEquals(0020666, (int) nul.get("mode")); // 0666 in spite of the umask
    assertEquals(0x103L, (long) nul.get("rdev"));
    Map<String, Object> sda = unix(target.resolve("dev/sda1"));
    assertEquals(0060660, (int) sda.get("mode"));
    assertEquals(0x801L, (long) sda.get("rdev"));
    assertEquals(6, sda.get("gid"));
    assertEquals(TestLayer.MTIME, sda.get("lastModifiedTime"));
    assertEquals(0010622, (int) unix(target.resolve("run/fifo")).get("mode"));
  }

  @Test
  void unpack_whiteout_becomesA00CharacterDeviceInPlaceOfTheName() throws IOException {
    TestLayer layer = new TestLayer()
        .dir("etc")
        .file("etc/old/conf", "earlier in this layer")
        .file("etc/.wh.old", "")
        .file(".wh.toplevel", "");

    UnpackResult result = unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    for (Path whiteout : new Path[] {target.resolve("etc/old"), target.resolve("toplevel")}) {
      Map<String, Object> attrs = unix(whiteout);
      assertEquals(0020000, (int) attrs.get("mode") & 0170000, whiteout + " is a character device");
      assertEquals(0L, (long) attrs.get("rdev"));
    }
    assertFalse(Files.exists(target.resolve("etc/.wh.old"), NOFOLLOW));
    assertFalse(Files.exists(target.resolve(".wh.toplevel"), NOFOLLOW));
    assertEquals(5, result.inodes()); // etc, etc/old, etc/old/conf, then two whiteouts
  }

  @Test
  void unpack_opaqueMarker_setsTheOverlayXattrAndCreatesNoFile() throws IOException {
    TestLayer layer = new TestLayer()
        .dir("etc")
        .file("etc/.wh..wh..opq", "")
        .file("etc/keep", "mine")
        .file("var/lib/.wh..wh..opq", "");

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    assertArrayEquals(new byte[] {'y'}, sys.lgetxattr(target.resolve("etc"), "trusted.overlay.opaque"));
    assertArrayEquals(new byte[] {'y'}, sys.lgetxattr(target.resolve("var/lib"), "trusted.overlay.opaque"));
    assertNull(sys.lgetxattr(target.resolve("var"), "trusted.overlay.opaque"));
    assertEquals("mine", Files.readString(target.resolve("etc/keep")));
    try (Stream<Path> files = Files.list(target.resolve("etc"))) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void unpack_overlayXattrsFromTheImage_areNotApplied() throws IOException {
    TestLayer layer = new TestLayer()
        .pax("SCHILY.xattr.trusted.overlay.opaque", "y")
        .dir("forged")
        .pax("SCHILY.xattr.trusted.overlay.redirect", "/etc")
        .pax("SCHILY.xattr.user.overlay.opaque", "y")
        .pax("SCHILY.xattr.user.fine", "kept")
        .file("forged/f", "x");

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    assertNull(sys.lgetxattr(target.resolve("forged"), "trusted.overlay.opaque"));
    assertNull(sys.lgetxattr(target.resolve("forged/f"), "trusted.overlay.redirect"));
    assertNull(sys.lgetxattr(target.resolve("forged/f"), "user.overlay.opaque"));
    assertArrayEquals("kept".getBytes(StandardCharsets.UTF_8), sys.lgetxattr(target.resolve("forged/f"), "user.fine"));
  }

  @Test
  void unpack_overlayMetadataEntries_areSkipped() throws IOException {
    TestLayer layer = new TestLayer()
        .dir(".wh..wh.plnk")
        .file(".wh..wh.plnk/1234.5678", "aufs hard link store")
        .file("a/.wh..wh.aufs", "")
        .file("a/real", "x");

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    try (Stream<Path> top = Files.list(target); Stream<Path> a = Files.list(target.resolve("a"))) {
      assertEquals(java.util.List.of(target.resolve("a")), top.toList());
      assertEquals(java.util.List.of(target.resolve("a/real")), a.toList());
    }
  }

  @Test
  void unpack_laterEntryOfTheSameName_replacesTheEarlierOne() throws IOException {
    TestLayer layer = new TestLayer()
        .file("x", "first")
        .file("x", "second")
        .dir("d")
        .file("d/inner", "gone")
        .file("d", "now a file")
        .file("f", "was a file")
        .dir("f");

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    assertEquals("second", Files.readString(target.resolve("x")));
    assertEquals("now a file", Files.readString(target.resolve("d")));
    assertTrue(Files.isDirectory(target.resolve("f"), NOFOLLOW));
  }

  @ParameterizedTest
  @ValueSource(ints = {TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.LONGFILE_POSIX})
  void unpack_longNamesAndLinkTargets_areWhole(int longFileMode) throws IOException {
    String dir = "d".repeat(120);
    String name = dir + "/" + "n".repeat(150);
    String linkTarget = "/" + "t".repeat(200);
    TestLayer layer = new TestLayer().longFileMode(longFileMode)
        .dir(dir)
        .file(name, "long")
        .symlink(dir + "/link", linkTarget)
        .hardLink(dir + "/" + "h".repeat(130), name);

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    assertEquals("long", Files.readString(target.resolve(name)));
    assertEquals(linkTarget, Files.readSymbolicLink(target.resolve(dir + "/link")).toString());
    assertEquals(unix(target.resolve(name)).get("ino"), unix(target.resolve(dir + "/" + "h".repeat(130))).get("ino"));
  }

  @Test
  void unpack_idsBeyondTheOctalFields_comeFromPax() throws IOException {
    TestLayer layer = new TestLayer().file("f", "x".getBytes(StandardCharsets.UTF_8), owner(3_000_000, 4_000_000));

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    assertEquals(3_000_000, unix(target.resolve("f")).get("uid"));
    assertEquals(4_000_000, unix(target.resolve("f")).get("gid"));
  }

  @Test
  void unpack_nonAsciiNames_areKept() throws IOException {
    TestLayer layer = new TestLayer().file("données/日本語.txt", "ok");

    unpacker.unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target);

    assertEquals("ok", Files.readString(target.resolve("données/日本語.txt")));
  }

  static Stream<Arguments> compressions() {
    return Stream.of(
        Arguments.of(Compression.NONE, Compression.NONE),
        Arguments.of(Compression.GZIP, Compression.GZIP),
        Arguments.of(Compression.ZSTD, Compression.ZSTD),
        Arguments.of(Compression.NONE, null),
        Arguments.of(Compression.GZIP, null),
        Arguments.of(Compression.ZSTD, null));
  }

  @ParameterizedTest(name = "{0} declared as {1}")
  @MethodSource("compressions")
  void unpack_anyCompression_diffIdIsSha256OfTheUncompressedTar(Compression actual, Compression declared)
      throws IOException {
    byte[] big = new byte[300_000];
    Arrays.fill(big, (byte) 'b');
    TestLayer layer = new TestLayer()
        .dir("etc")
        .file("etc/hostname", "coracle\n")
        .file("big", big)
        .symlink("link", "etc/hostname")
        .node("fifo", TarConstants.LF_FIFO, 0, 0);
    byte[] tar = layer.tar();

    UnpackResult result = unpacker.unpack(
        new ByteArrayInputStream(TestLayer.compress(tar, actual)), declared, target);

    assertEquals(Digest.sha256(tar), result.diffId());
    assertEquals(8 + 300_000, result.bytes());
    assertEquals(5, result.inodes());
    assertArrayEquals(big, Files.readAllBytes(target.resolve("big")));
  }

  @Test
  void unpack_paddingAfterTheEndOfArchive_isPartOfTheDiffId() throws IOException {
    byte[] tar = new TestLayer().file("f", "x").tar();
    byte[] padded = Arrays.copyOf(tar, tar.length + 20 * 512);

    UnpackResult result = unpacker.unpack(new ByteArrayInputStream(TestLayer.gzip(padded)), null, target);

    assertEquals(Digest.sha256(padded), result.diffId());
  }

  @Test
  void unpack_gzipOfConcatenatedMembers_readsThemAllFromASlowStream() throws IOException {
    byte[] content = new byte[200_000];
    new java.util.Random(1).nextBytes(content);
    byte[] tar = new TestLayer().file("a", content).file("b", "after the boundary").tar();
    int split = tar.length / 2;
    byte[] first = TestLayer.gzip(Arrays.copyOfRange(tar, 0, split));
    byte[] second = TestLayer.gzip(Arrays.copyOfRange(tar, split, tar.length));
    byte[] blob = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, blob, first.length, second.length);

    UnpackResult result = unpacker.unpack(new TrickleInputStream(blob, 7), Compression.GZIP, target);

    assertEquals(Digest.sha256(tar), result.diffId());
    assertArrayEquals(content, Files.readAllBytes(target.resolve("a")));
    assertEquals("after the boundary", Files.readString(target.resolve("b")));
  }

  @Test
  void unpack_blobStream_isReadToTheEndAndLeftOpen() throws IOException {
    byte[] blob = TestLayer.gzip(new TestLayer().file("f", "x").tar());
    TrickleInputStream in = new TrickleInputStream(blob, 1000);

    unpacker.unpack(in, null, target);

    assertEquals(-1, in.read());
    assertFalse(in.closed);
  }

  @Test
  void unpack_targetNotEmpty_isFailedPrecondition() throws IOException {
    Files.createFile(target.resolve("leftover"));
    byte[] tar = new TestLayer().file("f", "x").tar();

    assertThrows(FailedPreconditionException.class,
        () -> unpacker.unpack(new ByteArrayInputStream(tar), Compression.NONE, target));
  }

  @Test
  void unpack_targetIsASymlink_isFailedPrecondition() throws IOException {
    Path link = Files.createSymbolicLink(target.resolve("link"), target.resolve("real"));
    Files.createDirectory(target.resolve("real"));
    byte[] tar = new TestLayer().file("f", "x").tar();

    assertThrows(FailedPreconditionException.class,
        () -> unpacker.unpack(new ByteArrayInputStream(tar), Compression.NONE, link));
  }

  private static Map<String, Object> unix(Path path) throws IOException {
    return Files.readAttributes(path, "unix:*", NOFOLLOW);
  }

  /**
   * Serves a blob a few bytes per read and never claims bytes are available, like a network
   * stream between packets.
   */
  static final class TrickleInputStream extends InputStream {
    private final byte[] data;
    private final int chunk;
    private int position;
    boolean closed;

    TrickleInputStream(byte[] data, int chunk) {
      this.data = data;
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return position < data.length ? data[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (position >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(length, chunk), data.length - position);
      System.arraycopy(data, position, target, offset, n);
      position += n;
      return n;
    }

    @Override
    public int available() {
      return 0;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

package dev.coracle.core.image.unpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.ResourceExhaustedException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.sys.DelegatingSyscalls;
import dev.coracle.core.sys.ErrnoException;
import dev.coracle.core.sys.LinuxSyscalls;
import dev.coracle.core.sys.TmpfsMount;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Broken blobs, failing streams, full disks and failing system calls. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LayerUnpackerFailureTest {

  private static final int ENOSPC = 28;
  private static final int EPERM = 1;
  private static final int EOPNOTSUPP = 95;

  private final LinuxSyscalls sys = LinuxSyscalls.get();

  @TempDir
  Path base;

  @AfterEach
  void noMountLeftBehind() throws IOException {
    assertFalse(TmpfsMount.isMounted(base.resolve("mnt")), "tmpfs left mounted");
  }

  private UnpackResult unpack(byte[] blob, Compression compression) throws IOException {
    Path target = Files.createDirectory(base.resolve("layer"));
    return new LayerUnpacker(sys).unpack(new ByteArrayInputStream(blob), compression, target);
  }

  @Test
  @Timeout(10)
  void unpack_gzipHeaderThenGarbage_isInvalidArgumentNotAHang() {
    byte[] blob = new byte[4096];
    new Random(7).nextBytes(blob);
    System.arraycopy(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, 0, blob, 0, 10);

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> unpack(blob, null));
    assertTrue(e.getMessage().startsWith("the layer blob is not a valid gzip-compressed tar archive: "),
        e.getMessage());
  }

  @Test
  void unpack_truncatedGzip_isInvalidArgument() {
    byte[] gzip = new TestLayer().file("f", randomBytes(100_000)).blob(Compression.GZIP);

    assertThrows(InvalidArgumentException.class, () -> unpack(Arrays.copyOf(gzip, gzip.length / 2), Compression.GZIP));
  }

  @Test
  void unpack_plainTarDeclaredGzip_isInvalidArgument() {
    byte[] tar = new TestLayer().file("f", "x").tar();

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> unpack(tar, Compression.GZIP));
    assertTrue(e.getMessage().contains("Not in GZIP format"), e.getMessage());
  }

  @Test
  void unpack_truncatedZstd_isInvalidArgument() {
    byte[] zstd = new TestLayer().file("f", randomBytes(100_000)).blob(Compression.ZSTD);

    assertThrows(InvalidArgumentException.class, () -> unpack(Arrays.copyOf(zstd, zstd.length / 2), null));
  }

  @Test
  void unpack_zstdMagicThenGarbage_isInvalidArgument() {
    byte[] blob = randomBytes(4096);
    System.arraycopy(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 0, blob, 0, 4);

    assertThrows(InvalidArgumentException.class, () -> unpack(blob, null));
  }

  @Test
  void unpack_shortGarbage_isInvalidArgument() {
    byte[] blob = "not a tar archive at all".getBytes(StandardCharsets.US_ASCII);

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> unpack(blob, null));
    assertTrue(e.getMessage().contains("ends inside a 512-byte tar record"), e.getMessage());
  }

  @Test
  void unpack_longGarbage_isInvalidArgument() {
    assertThrows(InvalidArgumentException.class, () -> unpack(randomBytes(8192), Compression.NONE));
  }

  @Test
  void unpack_tarCutInsideFileData_isInvalidArgument() {
    byte[] tar = new TestLayer().file("f", randomBytes(100_000)).tar();

    assertThrows(InvalidArgumentException.class, () -> unpack(Arrays.copyOf(tar, 50_000), Compression.NONE));
  }

  @Test
  void unpack_emptyTar_isAnEmptyLayer() throws IOException {
    UnpackResult result = unpack(new byte[1024], Compression.NONE);

    // The diff ID of Docker's well-known empty layer: 1024 zero bytes.
    assertEquals("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", result.diffId().toString());
    assertEquals(0, result.inodes());
  }

  @Test
  void unpack_blobStreamFails_isUnavailableWithTheCause() throws IOException {
    byte[] gzip = new TestLayer().file("f", randomBytes(300_000)).blob(Compression.GZIP);
    IOException reset = new IOException("connection reset");
    InputStream failing = new InputStream() {
      private int served;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] target, int offset, int length) throws IOException {
        if (served > gzip.length / 2) {
          throw reset;
        }
        int n = Math.min(length, 1000);
        System.arraycopy(gzip, served, target, offset, n);
        served += n;
        return n;
      }
    };
    Path target = Files.createDirectory(base.resolve("layer"));

    UnavailableException e = assertThrows(UnavailableException.class,
        () -> new LayerUnpacker(sys).unpack(failing, null, target));
    assertEquals("reading the layer blob failed: connection reset", e.getMessage());
    assertNotNull(e.getCause());
  }

  @Test
  void unpack_fileLargerThanTheDisk_isResourceExhausted() throws Exception {
    byte[] blob = new TestLayer().file("big", randomBytes(2 << 20)).blob(Compression.GZIP);
    try (TmpfsMount tmpfs = TmpfsMount.mount(base.resolve("mnt"), "size=1m")) {
      Path target = Files.createDirectory(tmpfs.dir().resolve("layer"));

      ResourceExhaustedException e = assertThrows(ResourceExhaustedException.class,
          () -> new LayerUnpacker(sys).unpack(new ByteArrayInputStream(blob), null, target));
      assertEquals("no space left on device while unpacking " + target.resolve("big"), e.getMessage());
      assertInstanceOf(IOException.class, e.getCause());
    }
  }

  @Test
  void unpack_moreFilesThanInodes_isResourceExhausted() throws Exception {
    TestLayer layer = new TestLayer();
    for (int i = 0; i < 50; i++) {
      layer.file("d" + i + "/f", "x");
    }
    try (TmpfsMount tmpfs = TmpfsMount.mount(base.resolve("mnt"), "size=1m,nr_inodes=20")) {
      Path target = Files.createDirectory(tmpfs.dir().resolve("layer"));

      ResourceExhaustedException e = assertThrows(ResourceExhaustedException.class,
          () -> new LayerUnpacker(sys).unpack(new ByteArrayInputStream(layer.tar()), Compression.NONE, target));
      assertTrue(e.getMessage().startsWith("no space left on device while unpacking " + target), e.getMessage());
    }
  }

  @Test
  void unpack_syscallReportsNoSpace_isResourceExhausted() throws IOException {
    byte[] tar = new TestLayer().pax("SCHILY.xattr.user.big", "v").file("f", "x").tar();
    LinuxSyscalls full = new DelegatingSyscalls(sys) {
      @Override
      public void lsetxattr(Path path, String name, byte[] value) throws IOException {
        throw new ErrnoException("lsetxattr " + name, path, ENOSPC);
      }
    };
    Path target = Files.createDirectory(base.resolve("layer"));

    ResourceExhaustedException e = assertThrows(ResourceExhaustedException.class,
        () -> new LayerUnpacker(full).unpack(new ByteArrayInputStream(tar), null, target));
    assertEquals("no space left on device while unpacking " + target.resolve("f"), e.getMessage());
  }

  @Test
  void unpack_xattrTheFileSystemDoesNotSupport_isSkipped() throws IOException {
    byte[] tar = new TestLayer()
        .pax("SCHILY.xattr.security.selinux", "system_u:object_r:bin_t:s0")
        .file("f", "x")
        .tar();
    LinuxSyscalls noXattrs = new DelegatingSyscalls(sys) {
      @Override
      public void lsetxattr(Path path, String name, byte[] value) throws IOException {
        throw new ErrnoException("lsetxattr " + name, path, EOPNOTSUPP);
      }
    };
    Path target = Files.createDirectory(base.resolve("layer"));

    new LayerUnpacker(noXattrs).unpack(new ByteArrayInputStream(tar), null, target);

    assertEquals("x", Files.readString(target.resolve("f")));
  }

  @Test
  void unpack_otherSyscallFailure_isInternalNamingEntryAndErrno() throws IOException {
    byte[] tar = new TestLayer().file("etc/f", "x").tar();
    LinuxSyscalls refusing = new DelegatingSyscalls(sys) {
      @Override
      public void lchown(Path path, int uid, int gid) throws IOException {
        throw new ErrnoException("lchown", path, EPERM);
      }
    };
    Path target = Files.createDirectory(base.resolve("layer"));

    InternalException e = assertThrows(InternalException.class,
        () -> new LayerUnpacker(refusing).unpack(new ByteArrayInputStream(tar), null, target));
    assertEquals("unpacking layer entry \"etc/f\" to " + target.resolve("etc/f") + " failed: lchown "
        + target.resolve("etc/f") + ": EPERM (Operation not permitted)", e.getMessage());
  }

  @Test
  void unpack_interruptedThread_stopsWithUnavailableAndKeepsTheInterrupt() throws IOException {
    byte[] tar = new TestLayer().file("a", "x").file("b", "y").tar();
    Path target = Files.createDirectory(base.resolve("layer"));
    Thread.currentThread().interrupt();
    try {
      UnavailableException e = assertThrows(UnavailableException.class,
          () -> new LayerUnpacker(sys).unpack(new ByteArrayInputStream(tar), null, target));
      assertEquals("unpacking a layer into " + target + " was interrupted", e.getMessage());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
    assertFalse(Files.exists(target.resolve("a")));
  }

  @Test
  void unpack_fileBlockedByAnEarlierNonDirectory_isInvalidArgument() {
    byte[] tar = new TestLayer().file("f", "x").file("f/g", "y").tar();

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> unpack(tar, null));
    assertEquals("layer entry \"f/g\" needs \"f\" to be a directory, but an earlier entry of this layer put"
        + " something else there", e.getMessage());
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new Random(count).nextBytes(bytes);
    return bytes;
  }
}

package dev.coracle.core.image.unpack;

import com.github.luben.zstd.ZstdInputStream;
import dev.coracle.core.error.CoracleException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Reads a layer blob in one pass: decompresses it, hashes the uncompressed tar stream for the
 * diff ID, and yields its entries and their data. Read failures come out already typed: the
 * caller's stream failing is {@link UnavailableException}, anything the decoders or the tar
 * reader refuse is {@link InvalidArgumentException}.
 */
final class LayerReader implements AutoCloseable {

  static final int BUFFER_SIZE = 64 * 1024;
  private static final int TAR_RECORD = 512;
  private static final long MAX_ID = 0xFFFF_FFFEL; // (uid_t) -1 means "leave unchanged" to chown

  private final BlobInput blob;
  private final Compression compression;
  private final MessageDigest sha256;
  private final HashingInputStream tarBytes;
  private final XattrTarInputStream tar;

  private LayerReader(BlobInput blob, Compression compression, MessageDigest sha256, HashingInputStream tarBytes) {
    this.blob = blob;
    this.compression = compression;
    this.sha256 = sha256;
    this.tarBytes = tarBytes;
    this.tar = new XattrTarInputStream(tarBytes);
  }

  /** @param compression null to recognise it from the first bytes */
  static LayerReader open(InputStream source, Compression compression) {
    BlobInput blob = new BlobInput(source, BUFFER_SIZE);
    Compression actual = compression;
    try {
      if (actual == null) {
        byte[] head = blob.peek(4);
        actual = Compression.sniff(head, head.length);
      }
      MessageDigest sha256 = Digest.newSha256();
      return new LayerReader(blob, actual, sha256, new HashingInputStream(decompress(blob, actual), sha256));
    } catch (IOException | RuntimeException e) {
      throw failure(blob, actual, e);
    }
  }

  // The tar reader asks for 512 bytes at a time: buffer the decoders' output so each small
  // read does not cross into native code.
  private static InputStream decompress(BlobInput blob, Compression compression) throws IOException {
    return switch (compression) {
      case NONE -> blob;
      case GZIP -> new BufferedInputStream(new GZIPInputStream(blob, BUFFER_SIZE), BUFFER_SIZE);
      case ZSTD -> new BufferedInputStream(new ZstdInputStream(blob), BUFFER_SIZE);
    };
  }

  /** The next entry, or null after the last. */
  LayerEntry next() {
    TarArchiveEntry entry = nextTarEntry();
    return entry == null ? null : toEntry(entry);
  }

  /** The next entry as the tar reader gives it (PAX records included), or null after the last. */
  TarArchiveEntry nextTarEntry() {
    try {
      return tar.getNextEntry();
    } catch (IOException | RuntimeException e) {
      throw failure(blob, compression, e);
    }
  }

  /** Data of the current entry; -1 at its end. */
  int read(byte[] buffer, int offset, int length) {
    try {
      return tar.read(buffer, offset, length);
    } catch (IOException | RuntimeException e) {
      throw failure(blob, compression, e);
    }
  }

  /**
   * Reads the rest of the uncompressed stream (the end-of-archive blocks and any padding after
   * them, which the diff ID covers) and returns the diff ID. A stream that stops inside a
   * 512-byte record with no end-of-archive marker is refused: it is truncated, or no tar at all
   * (the tar reader takes a short read for the end).
   */
  Digest finish() {
    try {
      tarBytes.drain();
    } catch (IOException | RuntimeException e) {
      throw failure(blob, compression, e);
    }
    if (!tar.sawEndOfArchive() && tarBytes.count() % TAR_RECORD != 0) {
      throw new InvalidArgumentException("the layer blob is not a valid " + describe(compression)
          + ": it ends inside a 512-byte tar record, " + tarBytes.count() + " bytes in");
    }
    return Digest.of("sha256", sha256);
  }

  /** Frees the decoders' native memory; leaves the caller's stream open. */
  @Override
  public void close() {
    try {
      tar.close();
    } catch (IOException e) {
      // Nothing was written by reading; a decoder failing to close changes nothing on disk.
    }
  }

  private LayerEntry toEntry(TarArchiveEntry entry) {
    String name = entry.getName();
    return new LayerEntry(name, typeOf(entry), entry.getMode() & 07777,
        id(name, "uid", entry.getLongUserId()), id(name, "gid", entry.getLongGroupId()),
        entry.getLastModifiedTime(), entry.getLastAccessTime(), entry.getLinkName(),
        entry.getDevMajor(), entry.getDevMinor(), tar.xattrs());
  }

  static LayerEntry.Type typeOf(TarArchiveEntry entry) {
    if (entry.isSymbolicLink()) {
      return LayerEntry.Type.SYMLINK;
    }
    if (entry.isLink()) {
      return LayerEntry.Type.HARDLINK;
    }
    if (entry.isCharacterDevice()) {
      return LayerEntry.Type.CHAR_DEVICE;
    }
    if (entry.isBlockDevice()) {
      return LayerEntry.Type.BLOCK_DEVICE;
    }
    if (entry.isFIFO()) {
      return LayerEntry.Type.FIFO;
    }
    if (entry.isDirectory()) { // type 5, or an old-style name ending in "/"
      return LayerEntry.Type.DIRECTORY;
    }
    byte flag = entry.getLinkFlag();
    if (flag == '0' || flag == 0 || flag == '7' || entry.isSparse()) {
      return LayerEntry.Type.FILE; // 7 is "contiguous", a regular file everywhere but one old Unix
    }
    return LayerEntry.Type.OTHER;
  }

  private static int id(String name, String what, long id) {
    if (id < 0 || id > MAX_ID) {
      throw new InvalidArgumentException(
          "layer entry \"" + name + "\" has " + what + " " + id + ", outside 0.." + MAX_ID);
    }
    return (int) id;
  }

  private static CoracleException failure(BlobInput blob, Compression compression, Exception e) {
    if (e instanceof CoracleException known) {
      return known;
    }
    if (blob.failure() != null) {
      return new UnavailableException("reading the layer blob failed: " + blob.failure().getMessage(), e);
    }
    return new InvalidArgumentException("the layer blob is not a valid " + describe(compression) + ": "
        + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
  }

  private static String describe(Compression compression) {
    if (compression == null) {
      return "layer";
    }
    return switch (compression) {
      case NONE -> "tar archive";
      case GZIP -> "gzip-compressed tar archive";
      case ZSTD -> "zstd-compressed tar archive";
    };
  }
}

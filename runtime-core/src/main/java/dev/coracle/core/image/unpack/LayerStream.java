package dev.coracle.core.image.unpack;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * A layer blob read entry by entry for an importer of another platform's layers (Windows): the
 * same decompression, diff ID hashing and typed failures as {@link LayerUnpacker}, but the
 * entries as they stand in the archive, with their PAX records, and nothing written.
 *
 * <p>Failures: the caller's stream failing is {@link UnavailableException}; anything the
 * decoders or the tar reader refuse is {@link InvalidArgumentException}.
 */
public final class LayerStream implements AutoCloseable {

  /**
   * One tar entry, headers (ustar, GNU, PAX) merged.
   *
   * @param name the name as the archive spells it (not normalised)
   * @param linkName a link's target as written; "" for other entries
   * @param size bytes of data the entry carries
   * @param paxRecords the PAX records the tar reader does not apply itself (e.g.
   *     {@code MSWINDOWS.fileattr}), values as UTF-8 text
   * @param created {@code LIBARCHIVE.creationtime}, or null
   */
  public record Entry(String name, Type type, String linkName, long size, FileTime modified, FileTime accessed,
      FileTime changed, FileTime created, Map<String, String> paxRecords) {

    public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

    public Entry {
      linkName = linkName == null ? "" : linkName;
      paxRecords = Map.copyOf(paxRecords);
    }
  }

  private final LayerReader reader;

  private LayerStream(LayerReader reader) {
    this.reader = reader;
  }

  /** @param compression null to recognise it from the first bytes */
  public static LayerStream open(InputStream blob, Compression compression) {
    return new LayerStream(LayerReader.open(blob, compression));
  }

  /** The next entry, or null after the last. */
  public Entry next() {
    TarArchiveEntry entry = reader.nextTarEntry();
    return entry == null ? null : toEntry(entry);
  }

  /** Data of the current entry; -1 at its end. */
  public int read(byte[] buffer, int offset, int length) {
    return reader.read(buffer, offset, length);
  }

  /** The current entry's data as a stream (not to be closed; {@link #next()} moves on). */
  public InputStream data() {
    return new InputStream() {
      @Override
      public int read() {
        byte[] one = new byte[1];
        int n = LayerStream.this.read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        return LayerStream.this.read(buffer, offset, length);
      }
    };
  }

  /**
   * Reads the rest of the blob and returns the diff ID (sha256 of the whole uncompressed tar
   * stream); a stream cut inside a tar record is refused as {@link LayerReader#finish()} does.
   */
  public Digest finish() {
    return reader.finish();
  }

  /** Frees the decoders; leaves the caller's stream open. */
  @Override
  public void close() {
    reader.close();
  }

  private static Entry toEntry(TarArchiveEntry entry) {
    Entry.Type type = switch (LayerReader.typeOf(entry)) {
      case FILE -> Entry.Type.FILE;
      case DIRECTORY -> Entry.Type.DIRECTORY;
      case SYMLINK -> Entry.Type.SYMLINK;
      case HARDLINK -> Entry.Type.HARDLINK;
      default -> Entry.Type.OTHER;
    };
    return new Entry(entry.getName(), type, entry.getLinkName(), entry.getSize(), entry.getLastModifiedTime(),
        entry.getLastAccessTime(), entry.getStatusChangeTime(), entry.getCreationTime(), entry.getExtraPaxHeaders());
  }
}

package dev.coracle.core.image.unpack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * commons-compress's tar reader, also keeping the raw bytes of each PAX extended header so
 * that binary xattr values survive (see {@link PaxXattrs}).
 *
 * <p>It relies on two things the reader does: every header record passes through the
 * protected {@link #readRecord()}, and a PAX header's data is parsed by reading the stream
 * itself through {@link #read(byte[], int, int)} (true of commons-compress 1.x). A header of
 * type {@code x} (this entry) or {@code g} (all later entries) starts a capture; the next
 * header record ends it. The tests
 * with binary {@code security.capability} values guard this against library changes.
 */
final class XattrTarInputStream extends TarArchiveInputStream {

  private static final int TYPEFLAG_OFFSET = 156;
  /** Linux caps one xattr value at 64 KiB; a PAX header far larger is not a layer. */
  private static final int MAX_PAX_HEADER = 16 << 20;

  private ByteArrayOutputStream capture;
  private boolean captureIsGlobal;
  private Map<String, byte[]> localXattrs = new LinkedHashMap<>();
  private Map<String, byte[]> globalXattrs = Map.of();
  private Map<String, byte[]> xattrs = Map.of();
  private int depth;
  private boolean sawEndOfArchive;

  XattrTarInputStream(InputStream in) {
    super(in, StandardCharsets.UTF_8.name());
  }

  /** True once the all-zero record that ends an archive was read. */
  boolean sawEndOfArchive() {
    return sawEndOfArchive;
  }

  /** The extended attributes of the entry {@link #getNextEntry()} returned last. */
  Map<String, byte[]> xattrs() {
    return xattrs;
  }

  @Override
  public TarArchiveEntry getNextEntry() throws IOException {
    if (depth == 0) {
      localXattrs = new LinkedHashMap<>();
    }
    depth++; // the reader calls itself for the entry a PAX or GNU long-name header describes
    TarArchiveEntry entry;
    try {
      entry = super.getNextEntry();
    } finally {
      depth--;
    }
    if (depth == 0) {
      endCapture();
      xattrs = PaxXattrs.merge(globalXattrs, localXattrs);
    }
    return entry;
  }

  @Override
  protected byte[] readRecord() throws IOException {
    endCapture();
    byte[] record = super.readRecord();
    if (record != null && isEOFRecord(record)) {
      sawEndOfArchive = true;
    }
    if (record != null && record.length > TYPEFLAG_OFFSET) {
      byte type = record[TYPEFLAG_OFFSET];
      if (type == 'x' || type == 'g') {
        capture = new ByteArrayOutputStream();
        captureIsGlobal = type == 'g';
      }
    }
    return record;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (capture != null && n > 0) {
      if (capture.size() + n > MAX_PAX_HEADER) {
        throw new IOException("PAX extended header larger than " + MAX_PAX_HEADER + " bytes");
      }
      capture.write(buffer, offset, n);
    }
    return n;
  }

  private void endCapture() {
    if (capture == null) {
      return;
    }
    byte[] pax = capture.toByteArray();
    capture = null;
    if (captureIsGlobal) {
      globalXattrs = PaxXattrs.merge(globalXattrs, PaxXattrs.parse(pax));
    } else {
      // Two PAX headers before one entry: commons-compress lets the first one's values win.
      PaxXattrs.parse(pax).forEach(localXattrs::putIfAbsent);
    }
  }
}

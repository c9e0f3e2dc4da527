package dev.coracle.core.image.unpack;

import com.github.luben.zstd.Zstd;
import dev.coracle.core.image.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds layer tar streams for tests, entry by entry, with commons-compress's writer; names
 * are written exactly as given (a leading "/" or ".." included). Defaults: owner 0:0, mode
 * 0644 for files and 0755 for directories, mtime {@link #MTIME}. The writer keeps times to
 * 100 ns only: for nanoseconds, add a raw {@code mtime} PAX record.
 */
final class TestLayer {

  static final FileTime MTIME = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));

  private record Item(TarArchiveEntry entry, byte[] content, Map<String, byte[]> rawPax) {}

  private final List<Item> items = new ArrayList<>();
  private Map<String, byte[]> pendingPax = new LinkedHashMap<>();
  private int longFileMode = TarArchiveOutputStream.LONGFILE_POSIX;

  /** How names and link targets longer than 100 bytes are written (GNU or PAX). */
  TestLayer longFileMode(int mode) {
    this.longFileMode = mode;
    return this;
  }

  /**
   * Adds a raw PAX record to the extended header of the next entry, value as bytes (the
   * writer itself can only write text values).
   */
  TestLayer pax(String key, byte[] value) {
    pendingPax.put(key, value);
    return this;
  }

  TestLayer pax(String key, String value) {
    return pax(key, value.getBytes(StandardCharsets.UTF_8));
  }

  TestLayer file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), e -> {});
  }

  @SafeVarargs
  final TestLayer file(String name, byte[] content, Consumer<TarArchiveEntry>... tweaks) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    entry.setMode(0100644);
    entry.setSize(content.length);
    return add(entry, content, tweaks);
  }

  @SafeVarargs
  final TestLayer dir(String name, Consumer<TarArchiveEntry>... tweaks) {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
    entry.setMode(040755);
    return add(entry, new byte[0], tweaks);
  }

  @SafeVarargs
  final TestLayer symlink(String name, String target, Consumer<TarArchiveEntry>... tweaks) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    entry.setLinkName(target);
    entry.setMode(0120777);
    return add(entry, new byte[0], tweaks);
  }

  TestLayer hardLink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    entry.setLinkName(target);
    entry.setMode(0100644);
    return add(entry, new byte[0]);
  }

  @SafeVarargs
  final TestLayer node(String name, byte type, int major, int minor, Consumer<TarArchiveEntry>... tweaks) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
    entry.setDevMajor(major);
    entry.setDevMinor(minor);
    entry.setMode(0644);
    return add(entry, new byte[0], tweaks);
  }

  @SafeVarargs
  private TestLayer add(TarArchiveEntry entry, byte[] content, Consumer<TarArchiveEntry>... tweaks) {
    entry.setLastModifiedTime(MTIME);
    for (Consumer<TarArchiveEntry> tweak : tweaks) {
      tweak.accept(entry);
    }
    items.add(new Item(entry, content, pendingPax));
    pendingPax = new LinkedHashMap<>();
    return this;
  }

  static Consumer<TarArchiveEntry> owner(long uid, long gid) {
    return e -> {
      e.setUserId(uid);
      e.setGroupId(gid);
    };
  }

  static Consumer<TarArchiveEntry> mode(int mode) {
    return e -> e.setMode(mode);
  }

  static Consumer<TarArchiveEntry> mtime(Instant mtime) {
    return e -> e.setLastModifiedTime(FileTime.from(mtime));
  }

  /** The uncompressed tar stream, padded to commons-compress's 10 KiB blocks. */
  byte[] tar() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(longFileMode);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Item item : items) {
        if (!item.rawPax().isEmpty()) {
          byte[] records = paxRecords(item.rawPax());
          TarArchiveEntry header = new TarArchiveEntry("PaxHeaders/" + item.entry().getName().hashCode(),
              TarConstants.LF_PAX_EXTENDED_HEADER_LC);
          header.setSize(records.length);
          // Whole seconds: a fractional mtime would make the writer wrap this header in its own.
          header.setLastModifiedTime(MTIME);
          out.putArchiveEntry(header);
          out.write(records);
          out.closeArchiveEntry();
        }
        out.putArchiveEntry(item.entry());
        out.write(item.content());
        out.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The blob as a registry would serve it. */
  byte[] blob(Compression compression) {
    return compress(tar(), compression);
  }

  static byte[] compress(byte[] tar, Compression compression) {
    return switch (compression) {
      case NONE -> tar;
      case GZIP -> gzip(tar);
      case ZSTD -> Zstd.compress(tar);
    };
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** PAX records: "<length> <key>=<value>\n", the length counting itself. */
  static byte[] paxRecords(Map<String, byte[]> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    records.forEach((key, value) -> {
      int rest = 1 + key.getBytes(StandardCharsets.UTF_8).length + 1 + value.length + 1;
      int length = rest + String.valueOf(rest).length();
      if (String.valueOf(length).length() != String.valueOf(rest).length()) {
        length++;
      }
      out.writeBytes((length + " " + key + "=").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(value);
      out.write('\n');
    });
    return out.toByteArray();
  }
}

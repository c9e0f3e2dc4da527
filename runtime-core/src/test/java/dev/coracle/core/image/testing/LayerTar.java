package dev.coracle.core.image.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The uncompressed tar of one image layer, built entry by entry and written deterministically:
 * every entry has the same mtime, entries come out sorted by name (hard links last, so their
 * targets precede them), and PAX headers carry long names, big ids and xattrs. The same calls
 * give the same bytes, so digests are stable from run to run.
 *
 * <p>Paths are written relative to the layer root ({@code bin/sh}, directories with a trailing
 * slash); missing parent directories are added as {@code 0755 root:root}. {@link #raw} writes a
 * name exactly as given (absolute, {@code ..}), for layers that try to escape their root.
 */
public final class LayerTar {

  /** The mtime of every entry: fixed, so the same layer always has the same digest. */
  public static final Instant MTIME = Instant.parse("2024-01-01T00:00:00Z");

  private final Map<String, Entry> entries = new TreeMap<>();

  /** A directory; replaces an implicit parent of the same name. */
  public LayerTar dir(String path, int mode) {
    return dir(path, mode, 0, 0);
  }

  public LayerTar dir(String path, int mode, int uid, int gid) {
    return add(Entry.of(normal(path), Kind.DIR, mode, uid, gid));
  }

  public LayerTar file(String path, int mode, String text) {
    return file(path, mode, 0, 0, text.getBytes(StandardCharsets.UTF_8));
  }

  public LayerTar file(String path, int mode, byte[] content) {
    return file(path, mode, 0, 0, content);
  }

  public LayerTar file(String path, int mode, int uid, int gid, byte[] content) {
    return file(path, mode, uid, gid, Content.of(content));
  }

  /** A regular file whose bytes are produced while the tar is written (large layers). */
  public LayerTar file(String path, int mode, int uid, int gid, Content content) {
    return add(Entry.of(normal(path), Kind.FILE, mode, uid, gid).withContent(content));
  }

  public LayerTar symlink(String path, String target) {
    return add(Entry.of(normal(path), Kind.SYMLINK, 0777, 0, 0).withLink(target));
  }

  /** A hard link to {@code target}, a path in this same layer (tar links never cross layers). */
  public LayerTar hardlink(String path, String target) {
    return add(Entry.of(normal(path), Kind.HARDLINK, 0644, 0, 0).withLink(normal(target)));
  }

  public LayerTar charDevice(String path, int mode, int major, int minor) {
    return add(Entry.of(normal(path), Kind.CHAR_DEVICE, mode, 0, 0).withDevice(major, minor));
  }

  public LayerTar fifo(String path, int mode) {
    return add(Entry.of(normal(path), Kind.FIFO, mode, 0, 0));
  }

  /** An extended attribute on an entry already added, written as a PAX {@code SCHILY.xattr.} record. */
  public LayerTar xattr(String path, String name, String value) {
    Entry entry = entries.get(normal(path));
    if (entry == null) {
      throw new IllegalArgumentException("no entry " + path + " to put xattr " + name + " on");
    }
    entry.pax().put("SCHILY.xattr." + name, value);
    return this;
  }

  /**
   * Any PAX record on an entry already added, such as Windows' {@code MSWINDOWS.fileattr}
   * (WINDOWS.md §3).
   */
  public LayerTar pax(String path, String key, String value) {
    Entry entry = entries.get(normal(path));
    if (entry == null) {
      throw new IllegalArgumentException("no entry " + path + " to put PAX record " + key + " on");
    }
    entry.pax().put(key, value);
    return this;
  }

  /**
   * An entry written with its name and link target exactly as given, no parents added: the
   * hostile layers, whose names climb out with {@code ..} or start with {@code /}.
   */
  public LayerTar raw(String name, Kind kind, String linkTarget, byte[] content) {
    int mode = switch (kind) {
      case DIR -> 0755;
      case SYMLINK -> 0777;
      default -> 0644;
    };
    return add(Entry.of(name, kind, mode, 0, 0).withLink(linkTarget).withContent(Content.of(content)).exactly());
  }

  /** The names in the order they will be written, for tests of this class. */
  List<String> names() {
    return ordered().stream().map(Entry::name).toList();
  }

  /** Writes the tar, with its end-of-archive blocks, and leaves {@code out} open. */
  public void writeTo(OutputStream out) {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), 512);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    try (tar) {
      for (Entry entry : ordered()) {
        tar.putArchiveEntry(header(entry));
        entry.content().writeTo(tar);
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Entry> ordered() {
    List<Entry> result = new ArrayList<>(entries.values());
    result.sort(Comparator.comparing((Entry e) -> e.kind() == Kind.HARDLINK));
    return result;
  }

  private LayerTar add(Entry entry) {
    if (!entry.exact()) {
      addParents(entry.name());
    }
    entries.put(entry.name(), entry);
    return this;
  }

  private void addParents(String name) {
    for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
      String parent = name.substring(0, slash);
      entries.putIfAbsent(parent, Entry.of(parent, Kind.DIR, 0755, 0, 0));
    }
  }

  private static String normal(String path) {
    String name = path;
    while (name.startsWith("/")) {
      name = name.substring(1);
    }
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty() || name.equals("..") || name.startsWith("../") || name.contains("/../")
        || name.endsWith("/..") || name.contains("//")) {
      throw new IllegalArgumentException("\"" + path + "\" is not a plain layer path: use raw() for hostile names");
    }
    return name;
  }

  private static TarArchiveEntry header(Entry entry) {
    boolean keepAbsolute = entry.exact();
    String name = entry.kind() == Kind.DIR && !entry.name().endsWith("/") ? entry.name() + "/" : entry.name();
    TarArchiveEntry header = new TarArchiveEntry(name, entry.kind().typeFlag, keepAbsolute);
    header.setMode(entry.mode() & 07777);
    header.setIds(entry.uid(), entry.gid());
    header.setUserName("");
    header.setGroupName("");
    header.setModTime(FileTime.from(MTIME));
    if (entry.linkTarget() != null) {
      header.setLinkName(entry.linkTarget());
    }
    if (entry.kind() == Kind.CHAR_DEVICE) {
      header.setDevMajor(entry.major());
      header.setDevMinor(entry.minor());
    }
    if (entry.kind() == Kind.FILE) {
      header.setSize(entry.content().size());
    }
    entry.pax().forEach(header::addPaxHeader);
    return header;
  }

  /** What an entry is, with its tar type flag. */
  public enum Kind {
    FILE(TarConstants.LF_NORMAL),
    DIR(TarConstants.LF_DIR),
    SYMLINK(TarConstants.LF_SYMLINK),
    HARDLINK(TarConstants.LF_LINK),
    CHAR_DEVICE(TarConstants.LF_CHR),
    FIFO(TarConstants.LF_FIFO);

    private final byte typeFlag;

    Kind(byte typeFlag) {
      this.typeFlag = typeFlag;
    }
  }

  /** The bytes of a regular file, produced on demand so large layers never sit in memory. */
  public interface Content {
    Content EMPTY = of(new byte[0]);

    long size();

    void writeTo(OutputStream out) throws IOException;

    static Content of(byte[] bytes) {
      return new Content() {
        @Override
        public long size() {
          return bytes.length;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
          out.write(bytes);
        }
      };
    }
  }

  private record Entry(String name, Kind kind, int mode, int uid, int gid, String linkTarget, int major,
      int minor, Content content, Map<String, String> pax, boolean exact) {

    static Entry of(String name, Kind kind, int mode, int uid, int gid) {
      return new Entry(name, kind, mode, uid, gid, null, 0, 0, Content.EMPTY, new LinkedHashMap<>(), false);
    }

    Entry withLink(String target) {
      return new Entry(name, kind, mode, uid, gid, target, major, minor, content, pax, exact);
    }

    Entry withDevice(int newMajor, int newMinor) {
      return new Entry(name, kind, mode, uid, gid, linkTarget, newMajor, newMinor, content, pax, exact);
    }

    Entry withContent(Content newContent) {
      return new Entry(name, kind, mode, uid, gid, linkTarget, major, minor, newContent, pax, exact);
    }

    /** Stored with its name as given: no parents added, a leading slash kept. */
    Entry exactly() {
      return new Entry(name, kind, mode, uid, gid, linkTarget, major, minor, content, pax, true);
    }
  }

  /** Lets the tar stream finish without closing the digesting and compressing streams under it. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}

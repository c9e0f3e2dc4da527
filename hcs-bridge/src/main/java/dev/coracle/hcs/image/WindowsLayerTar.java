package dev.coracle.hcs.image;

import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.unpack.LayerStream;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * One pass over a Windows layer tar into a {@link WindowsLayerWriter}, enforcing what such a
 * layer may hold (WINDOWS.md §3): names inside Files/, Hives/ and (base only) UtilityVM/;
 * nothing below a link the layer made; hard links only to earlier files of the layer and
 * never in Hives/; alternate data streams right after their file; whiteouts only above a base
 * and never opaque; no devices or FIFOs.
 */
final class WindowsLayerTar {

  /** What the pass wrote, and the diff ID of the whole uncompressed stream. */
  record Result(Digest diffId, long bytes, long inodes, boolean hasUtilityVm) {}

  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final String UTILITY_VM_FILES = WindowsEntryName.UTILITY_VM + "/Files";

  private final boolean base;
  private final WindowsLayerWriter writer;
  private final Set<String> files = new HashSet<>();
  private final Set<String> links = new HashSet<>();
  private String lastFile;
  private long bytes;
  private long inodes;
  private boolean hasUtilityVm;

  private WindowsLayerTar(boolean base, WindowsLayerWriter writer) {
    this.base = base;
    this.writer = writer;
  }

  /**
   * Writes every entry of {@code blob} through {@code writer} and reads the blob to its end.
   *
   * @param base true for a base layer (no parents)
   */
  static Result write(InputStream blob, Compression compression, boolean base, WindowsLayerWriter writer) {
    WindowsLayerTar pass = new WindowsLayerTar(base, writer);
    try (LayerStream tar = LayerStream.open(blob, compression)) {
      for (LayerStream.Entry entry = tar.next(); entry != null; entry = tar.next()) {
        if (Thread.currentThread().isInterrupted()) { // the interrupt stays set for the caller
          throw new UnavailableException("importing a Windows layer was interrupted");
        }
        pass.entry(entry, tar.data());
      }
      Digest diffId = tar.finish();
      return new Result(diffId, pass.bytes, pass.inodes, pass.hasUtilityVm);
    }
  }

  private void entry(LayerStream.Entry tar, InputStream data) {
    WindowsEntryName name = WindowsEntryName.parse(tar.name());
    if (!base && name.top().equals(WindowsEntryName.UTILITY_VM)) {
      throw WindowsEntryName.refused(tar.name(), "only a base layer has UtilityVM/");
    }
    requireNoLinkAbove(tar.name(), name.path());
    if (name.baseName().startsWith(WHITEOUT)) {
      whiteout(tar, name);
      return;
    }
    if (name.path().equals(UTILITY_VM_FILES) || name.path().startsWith(UTILITY_VM_FILES + "/")) {
      hasUtilityVm = true;
    }
    if (!name.stream().isEmpty()) {
      stream(tar, name, data);
      return;
    }
    String key = WindowsEntryName.key(name.path());
    switch (tar.type()) {
      case DIRECTORY -> {
        writer.add(WindowsPax.entry(tar, name, WindowsLayerEntry.Kind.DIRECTORY), InputStream.nullInputStream());
        forget(key);
        lastFile = null;
      }
      case FILE -> {
        writer.add(WindowsPax.entry(tar, name, WindowsLayerEntry.Kind.FILE), data);
        forget(key);
        files.add(key);
        lastFile = name.path();
        bytes += tar.size();
      }
      case SYMLINK -> {
        writer.add(WindowsPax.entry(tar, name, WindowsLayerEntry.Kind.SYMLINK), InputStream.nullInputStream());
        forget(key);
        links.add(key);
        lastFile = null;
      }
      case HARDLINK -> {
        hardLink(tar, name);
        forget(key);
        files.add(key);
        lastFile = null;
        return; // a hard link is no new object
      }
      default -> throw WindowsEntryName.refused(tar.name(), "a Windows layer holds no devices, FIFOs or other special files");
    }
    inodes++;
  }

  private void whiteout(LayerStream.Entry tar, WindowsEntryName name) {
    if (base) {
      throw WindowsEntryName.refused(tar.name(), "a base layer has nothing below it to delete");
    }
    if (name.baseName().equals(OPAQUE)) {
      throw WindowsEntryName.refused(tar.name(), "Windows layers have no opaque directories");
    }
    if (!name.stream().isEmpty() || name.parent().isEmpty()) {
      throw WindowsEntryName.refused(tar.name(), "a whiteout names a file or directory inside Files/ or Hives/");
    }
    String doomed = name.parent() + "/" + name.baseName().substring(WHITEOUT.length());
    writer.remove(doomed);
    String key = WindowsEntryName.key(doomed);
    files.removeIf(k -> k.equals(key) || k.startsWith(key + "/"));
    links.removeIf(k -> k.equals(key) || k.startsWith(key + "/"));
    lastFile = null;
    inodes++;
  }

  private void stream(LayerStream.Entry tar, WindowsEntryName name, InputStream data) {
    if (tar.type() != LayerStream.Entry.Type.FILE) {
      throw WindowsEntryName.refused(tar.name(), "an alternate data stream is a regular entry");
    }
    if (!name.path().equals(lastFile)) {
      throw WindowsEntryName.refused(tar.name(), "an alternate data stream must follow its file " + name.path());
    }
    writer.add(WindowsPax.entry(tar, name, WindowsLayerEntry.Kind.ALTERNATE_STREAM), data);
    bytes += tar.size();
  }

  private void hardLink(LayerStream.Entry tar, WindowsEntryName name) {
    if (name.top().equals(WindowsEntryName.HIVES)) {
      throw WindowsEntryName.refused(tar.name(), "hives cannot be hard links");
    }
    WindowsEntryName target = WindowsEntryName.parse(tar.linkName());
    if (!target.stream().isEmpty()) {
      throw WindowsEntryName.refused(tar.name(), "a hard link cannot point at a stream");
    }
    requireNoLinkAbove(tar.name(), target.path());
    if (!files.contains(WindowsEntryName.key(target.path()))) {
      throw WindowsEntryName.refused(tar.name(), "its target " + target.path() + " is no earlier file of this layer");
    }
    writer.link(name.path(), target.path());
  }

  /** Nothing is written through a link: a link could lead anywhere once on disk. */
  private void requireNoLinkAbove(String entryName, String path) {
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      String above = path.substring(0, slash);
      if (links.contains(WindowsEntryName.key(above))) {
        throw WindowsEntryName.refused(entryName, "it lies below the link " + above);
      }
    }
  }

  private void forget(String key) {
    files.remove(key);
    links.remove(key);
  }
}

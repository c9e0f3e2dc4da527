package dev.coracle.core.image.unpack;

import static dev.coracle.core.image.unpack.LayerRoot.refuse;

import dev.coracle.core.error.CoracleException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.ResourceExhaustedException;
import dev.coracle.core.sys.ErrnoException;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns layer entries into files under a {@link LayerRoot}, overlayfs whiteouts included.
 * Metadata goes on in an order that keeps it: content, then owner (chown clears setuid and
 * file capabilities), then mode, then xattrs, then times. Directory times are applied last of
 * all, in {@link #finish()}, since writing a child changes its directory's mtime.
 */
final class EntryWriter {

  private static final Logger log = LoggerFactory.getLogger(EntryWriter.class);

  /** OCI image spec, "Whiteouts": {@code .wh.NAME} deletes NAME; {@code .wh..wh..opq} hides all below. */
  static final String WHITEOUT = ".wh.";
  static final String WHITEOUT_META = ".wh..wh.";
  static final String OPAQUE = ".wh..wh..opq";
  static final String OPAQUE_XATTR = "trusted.overlay.opaque";
  private static final byte[] YES = {'y'};

  private record Times(Path place, FileTime atime, FileTime mtime) {}

  private final LinuxSyscalls sys;
  private final LayerRoot root;
  private final byte[] buffer = new byte[LayerReader.BUFFER_SIZE];
  private final Map<EntryPath, Times> directoryTimes = new LinkedHashMap<>();
  private long bytes;
  private long inodes;

  EntryWriter(LinuxSyscalls sys, LayerRoot root) {
    this.sys = sys;
    this.root = root;
  }

  long bytes() {
    return bytes;
  }

  long inodes() {
    return inodes + root.createdDirectories();
  }

  /** Writes one entry; its data, if any, comes from {@code content}. */
  void write(LayerEntry entry, LayerReader content) {
    EntryPath path = parse(entry);
    Path place = root.resolve(path);
    try {
      dispatch(entry, path, content);
    } catch (IOException e) {
      throw writeFailure(e, place, entry.name());
    }
  }

  /** Applies the directory times kept back until every child was written. */
  void finish() {
    for (Times times : directoryTimes.values()) {
      try {
        sys.lutimes(times.place(), times.atime(), times.mtime());
      } catch (IOException e) {
        throw writeFailure(e, times.place(), null);
      }
    }
  }

  /** A failed write as the caller should see it: a full disk is a resource exhausted. */
  static CoracleException writeFailure(IOException e, Path place, String entry) {
    if (isNoSpace(e)) {
      return new ResourceExhaustedException("no space left on device while unpacking " + place, e);
    }
    String what = entry != null ? "layer entry \"" + entry + "\" to " + place : place.toString();
    return new InternalException("unpacking " + what + " failed: " + e.getMessage(), e);
  }

  private static boolean isNoSpace(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ErrnoException errno && errno.isNoSpace()) {
        return true;
      }
      // The JDK reports ENOSPC as a FileSystemException reason or, from write(2), as the message.
      String text = t instanceof FileSystemException fse ? fse.getReason() : t.getMessage();
      if ("No space left on device".equals(text) || "Disk quota exceeded".equals(text)) {
        return true;
      }
    }
    return false;
  }

  private EntryPath parse(LayerEntry entry) {
    String name = entry.name();
    if (name.indexOf('\0') >= 0) {
      throw refuse(name, "has a NUL character in its name");
    }
    EntryPath path = EntryPath.parse(name)
        .orElseThrow(() -> refuse(name, "would be written outside the layer root"));
    try {
      root.resolve(path);
    } catch (InvalidPathException e) {
      throw new InvalidArgumentException("layer entry \"" + name + "\" cannot be a file name here: file names"
          + " are encoded as " + System.getProperty("sun.jnu.encoding") + " (run with a UTF-8 locale)", e);
    }
    return path;
  }

  private void dispatch(LayerEntry entry, EntryPath path, LayerReader content) throws IOException {
    if (path.isRoot()) {
      layerRoot(entry);
    } else if (path.parent().components().stream().anyMatch(c -> c.startsWith(WHITEOUT_META))) {
      log.debug("skipping layer entry \"{}\" inside overlay metadata", entry.name());
    } else if (path.name().startsWith(WHITEOUT)) {
      whiteout(entry, path);
    } else {
      switch (entry.type()) {
        case DIRECTORY -> directory(entry, path);
        case FILE -> file(entry, path, content);
        case SYMLINK -> symlink(entry, path);
        case HARDLINK -> hardLink(entry, path);
        case CHAR_DEVICE -> node(entry, path, LinuxSyscalls.S_IFCHR);
        case BLOCK_DEVICE -> node(entry, path, LinuxSyscalls.S_IFBLK);
        case FIFO -> node(entry, path, LinuxSyscalls.S_IFIFO);
        case OTHER -> log.warn("skipping layer entry \"{}\": not a file type a layer can hold", entry.name());
      }
    }
  }

  /** An entry for the root itself ({@code ./}) sets the root directory's metadata. */
  private void layerRoot(LayerEntry entry) throws IOException {
    if (entry.type() != LayerEntry.Type.DIRECTORY) {
      throw refuse(entry.name(), "would replace the layer root with a " + entry.type().name().toLowerCase());
    }
    ownerModeXattrs(root.path(), entry);
    directoryTimes.put(EntryPath.ROOT, times(root.path(), entry));
  }

  private void whiteout(LayerEntry entry, EntryPath path) throws IOException {
    String name = path.name();
    if (name.equals(OPAQUE)) {
      Path directory = root.directory(path.parent(), entry.name());
      sys.lsetxattr(directory, OPAQUE_XATTR, YES);
      return;
    }
    if (name.startsWith(WHITEOUT_META)) {
      log.debug("skipping overlay metadata entry \"{}\"", entry.name());
      return;
    }
    String hidden = name.substring(WHITEOUT.length());
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw refuse(entry.name(), "is a whiteout of no valid name");
    }
    EntryPath victim = path.parent().child(hidden);
    Path place = root.placeFor(victim, entry.name());
    clear(victim, place);
    // overlayfs reads a 0/0 character device in an upper or lower layer as "deleted here".
    sys.mknod(place, LinuxSyscalls.S_IFCHR, 0, 0);
    inodes++;
  }

  private void directory(LayerEntry entry, EntryPath path) throws IOException {
    Path place = root.placeFor(path, entry.name());
    BasicFileAttributes existing = LayerRoot.lstat(place);
    if (existing == null || !existing.isDirectory()) {
      clear(path, place);
      Files.createDirectory(place);
      inodes++;
    }
    root.markDirectory(path);
    ownerModeXattrs(place, entry);
    directoryTimes.put(path, times(place, entry));
  }

  private void file(LayerEntry entry, EntryPath path, LayerReader content) throws IOException {
    Path place = root.placeFor(path, entry.name());
    clear(path, place);
    try (OutputStream out = Files.newOutputStream(place, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      inodes++;
      for (int n; (n = content.read(buffer, 0, buffer.length)) >= 0; ) {
        out.write(buffer, 0, n);
        bytes += n;
      }
    }
    ownerModeXattrs(place, entry);
    setTimes(times(place, entry));
  }

  private void symlink(LayerEntry entry, EntryPath path) throws IOException {
    String target = entry.linkName();
    if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
      throw refuse(entry.name(), "is a symbolic link with no valid target");
    }
    Path place = root.placeFor(path, entry.name());
    clear(path, place);
    // Stored as written: it is resolved later, inside the container's root, never here.
    sys.symlink(target, place);
    inodes++;
    sys.lchown(place, entry.uid(), entry.gid());
    xattrs(place, entry);
    setTimes(times(place, entry));
  }

  private void hardLink(LayerEntry entry, EntryPath path) throws IOException {
    String linkName = entry.linkName() == null ? "" : entry.linkName();
    EntryPath target = EntryPath.parse(linkName)
        .orElseThrow(() -> refuse(entry.name(), "is a hard link to \"" + linkName + "\", outside the layer root"));
    Path existing = root.linkTarget(target, entry.name(), linkName);
    if (target.equals(path)) {
      return; // a link to itself changes nothing
    }
    Path place = root.placeFor(path, entry.name());
    clear(path, place);
    Files.createLink(place, existing); // link(2) never follows a symbolic link at either end
  }

  private void node(LayerEntry entry, EntryPath path, int type) throws IOException {
    Path place = root.placeFor(path, entry.name());
    clear(path, place);
    boolean fifo = type == LinuxSyscalls.S_IFIFO;
    sys.mknod(place, type | entry.mode(), fifo ? 0 : entry.devMajor(), fifo ? 0 : entry.devMinor());
    inodes++;
    ownerModeXattrs(place, entry);
    setTimes(times(place, entry));
  }

  private void clear(EntryPath path, Path place) throws IOException {
    if (root.clear(path, place)) {
      directoryTimes.keySet().removeIf(path::contains);
    }
  }

  /** Never called on a symbolic link: chmod would follow it. */
  private void ownerModeXattrs(Path place, LayerEntry entry) throws IOException {
    sys.lchown(place, entry.uid(), entry.gid());
    sys.chmod(place, entry.mode());
    xattrs(place, entry);
  }

  private void xattrs(Path place, LayerEntry entry) throws IOException {
    for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
      String name = xattr.getKey();
      if (name.startsWith("trusted.overlay.") || name.startsWith("user.overlay.")) {
        // overlayfs's own attributes would let an image forge whiteouts, opaque directories or
        // redirects; only those this unpacker derives from whiteout entries are set.
        log.debug("ignoring xattr {} of layer entry \"{}\"", name, entry.name());
        continue;
      }
      try {
        sys.lsetxattr(place, name, xattr.getValue());
      } catch (ErrnoException e) {
        if (!e.isNotSupported()) {
          throw e;
        }
        log.warn("file system does not support xattr {} of layer entry \"{}\": skipped", name, entry.name());
      }
    }
  }

  private static Times times(Path place, LayerEntry entry) {
    return new Times(place, entry.atime() != null ? entry.atime() : entry.mtime(), entry.mtime());
  }

  private void setTimes(Times times) throws IOException {
    sys.lutimes(times.place(), times.atime(), times.mtime());
  }
}

package dev.coracle.core.image.unpack;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.sys.FileTrees;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The directory a layer unpacks into, and the one place that decides where an entry may go.
 *
 * <p>The rule: <b>nothing is ever written or linked through a symbolic link.</b> Every parent
 * component of an entry must be a real directory (missing ones are created, 0755 root:root);
 * a symbolic link anywhere among them refuses the entry, whatever it points to. A tar made
 * from a file system never holds such entries (tar stores a symbolic link as a leaf), so only
 * crafted layers meet the refusal. At the final component, whatever exists is removed first,
 * a symbolic link as a link, never followed. This runs single-threaded on a directory no one
 * else writes to while the layer unpacks, so what a check sees stays true.
 *
 * <p>Directories already checked are remembered, so deep trees cost one lookup per entry;
 * removing a directory forgets it and everything below.
 */
final class LayerRoot {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path root;
  private final LinuxSyscalls sys;
  private final Set<EntryPath> directories = new HashSet<>();
  private long createdDirectories;

  LayerRoot(Path root, LinuxSyscalls sys) {
    this.root = root;
    this.sys = sys;
    directories.add(EntryPath.ROOT);
  }

  Path path() {
    return root;
  }

  /** Where {@code path} lies, lexically; for messages and for paths already checked. */
  Path resolve(EntryPath path) {
    return path.isRoot() ? root : root.resolve(path.toString());
  }

  /** Directories created because an entry needed a parent that the layer had not named. */
  long createdDirectories() {
    return createdDirectories;
  }

  /**
   * The place to create {@code path}: its parents checked, or created when missing. Whatever
   * is at the place itself is left for {@link #clear} to remove.
   */
  Path placeFor(EntryPath path, String entry) throws IOException {
    return directory(path.parent(), entry, true).resolve(path.name());
  }

  /** The real directory at {@code path}, created (with its parents) when missing. */
  Path directory(EntryPath path, String entry) throws IOException {
    return directory(path, entry, true);
  }

  /** Records that {@code path} now is a real directory. */
  void markDirectory(EntryPath path) {
    directories.add(path);
  }

  /**
   * Removes whatever is at {@code place} without following symbolic links, a directory with
   * everything in it.
   *
   * @return whether a directory was removed
   */
  boolean clear(EntryPath path, Path place) throws IOException {
    BasicFileAttributes existing = lstat(place);
    if (existing == null) {
      return false;
    }
    if (!existing.isDirectory()) {
      Files.delete(place);
      return false;
    }
    FileTrees.delete(place);
    directories.removeIf(path::contains);
    return true;
  }

  /**
   * The existing file a hard link entry may link to: an earlier entry of this layer, reached
   * without passing through a symbolic link, not a directory, and, if itself a symbolic link,
   * one whose target stays inside the root (link(2) does not follow it, but a copy of an
   * escaping link is refused all the same).
   */
  Path linkTarget(EntryPath target, String entry, String linkName) throws IOException {
    if (target.isRoot()) {
      throw refuse(entry, "is a hard link to the layer root");
    }
    Path place = directory(target.parent(), entry, false).resolve(target.name());
    BasicFileAttributes attributes = lstat(place);
    if (attributes == null) {
      throw refuse(entry, "is a hard link to \"" + linkName + "\", which no earlier entry of this layer created");
    }
    if (attributes.isDirectory()) {
      throw refuse(entry, "is a hard link to the directory \"" + linkName + "\"");
    }
    if (attributes.isSymbolicLink()
        && EntryPath.symlinkTarget(target, Files.readSymbolicLink(place).toString()).isEmpty()) {
      throw refuse(entry, "is a hard link to \"" + linkName + "\", a symbolic link pointing outside the layer root");
    }
    return place;
  }

  static InvalidArgumentException refuse(String entry, String why) {
    return new InvalidArgumentException("layer entry \"" + entry + "\" " + why);
  }

  /** Attributes of the thing at {@code place} itself; null when nothing is there. */
  static BasicFileAttributes lstat(Path place) throws IOException {
    try {
      return Files.readAttributes(place, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private Path directory(EntryPath path, String entry, boolean create) throws IOException {
    if (directories.contains(path)) {
      return resolve(path);
    }
    Path current = root;
    for (int i = 0; i < path.components().size(); i++) {
      current = current.resolve(path.components().get(i));
      EntryPath prefix = path.prefix(i + 1);
      if (!directories.contains(prefix)) {
        check(prefix, current, entry, create);
        directories.add(prefix);
      }
    }
    return current;
  }

  private void check(EntryPath prefix, Path place, String entry, boolean create) throws IOException {
    BasicFileAttributes attributes = lstat(place);
    if (attributes == null) {
      if (!create) {
        throw refuse(entry, "needs \"" + prefix + "\", which no earlier entry of this layer created");
      }
      Files.createDirectory(place);
      sys.chmod(place, 0755); // the process umask must not leak into the image
      createdDirectories++;
    } else if (attributes.isSymbolicLink()) {
      throw refuse(entry, "would pass through the symbolic link \"" + prefix
          + "\" (layer entries are never written through symbolic links)");
    } else if (!attributes.isDirectory()) {
      throw refuse(entry, "needs \"" + prefix
          + "\" to be a directory, but an earlier entry of this layer put something else there");
    }
  }
}

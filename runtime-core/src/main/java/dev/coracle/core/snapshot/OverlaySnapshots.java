package dev.coracle.core.snapshot;

import dev.coracle.core.error.AlreadyExistsException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.lifecycle.CleanupStack;
import dev.coracle.core.sys.ErrnoException;
import dev.coracle.core.sys.FileTrees;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container root file systems and read-only image views, as overlay mounts of unpacked layers,
 * one per key (a container ID) under one root directory:
 *
 * <pre>
 * root/l/ID                   symbolic link to one layer dir (short names for mount options)
 * root/KEY/snapshot.json      what the snapshot was made from, written before its first mount
 * root/KEY/upper, work        the container's writes and overlay's scratch dir (writable only)
 * root/KEY/empty              the lower dir of an image without layers
 * root/KEY/merged             the mount point handed to the caller
 * </pre>
 *
 * Whatever changes the tree holds the instance's lock: pruning short links must not race a
 * prepare about to use them. Measuring and listing do not.
 */
public final class OverlaySnapshots {

  private static final Logger log = LoggerFactory.getLogger(OverlaySnapshots.class);

  private static final Pattern KEY = Pattern.compile("[0-9a-f]{1,64}");
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final String LINKS = "l";
  private static final String UPPER = "upper";
  private static final String WORK = "work";
  private static final String EMPTY = "empty";
  private static final String MERGED = "merged";

  private final Path root;
  private final LinuxSyscalls sys;
  private final ShortLinks links;

  /** Snapshots under {@code root}, created (mode 0700: container files lie below) if missing. */
  public OverlaySnapshots(Path root, LinuxSyscalls sys) {
    this.sys = sys;
    try {
      Path absolute = root.toAbsolutePath().normalize();
      if (!Files.isDirectory(absolute)) {
        Files.createDirectories(absolute);
        Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rwx------"));
      }
      // mountinfo names mount points by their real path.
      this.root = absolute.toRealPath();
      Files.createDirectories(this.root.resolve(LINKS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the snapshot root " + root, e);
    }
    this.links = new ShortLinks(this.root.resolve(LINKS));
  }

  /**
   * Mounts a writable overlay of the layers below a new upper dir of the key's own, and returns
   * its mount point. A retry with the same key and layers returns the same mount point (and
   * mounts it again if its mount went); on failure nothing made here remains.
   *
   * @throws InvalidArgumentException the key is not a container ID, or the image is too deep
   * @throws NotFoundException a layer dir does not exist
   * @throws AlreadyExistsException the key is taken by a snapshot of other layers, or read-only
   */
  public synchronized Path prepare(String key, List<Path> layerDirsBottomFirst) {
    return make(key, layerDirsBottomFirst, false);
  }

  /**
   * Mounts a read-only view of the layers (for an image volume) and returns its mount point:
   * an overlay without upper dir over two layers or more, a read-only bind mount of a single
   * layer (or of an empty dir, for none). Retries and failures as {@link #prepare}.
   */
  public synchronized Path prepareReadOnly(String key, List<Path> layerDirsBottomFirst) {
    return make(key, layerDirsBottomFirst, true);
  }

  /**
   * Mounts an existing snapshot again if its mount is gone (after a reboot, say), over its
   * upper dir as it was, so the container's writes are kept; returns the mount point.
   *
   * @throws NotFoundException there is no snapshot of that key, or a layer dir is missing
   * @throws FailedPreconditionException the snapshot was made from other layers
   */
  public synchronized Path ensureMounted(String key, List<Path> layerDirsBottomFirst) {
    Path dir = dirOf(key);
    List<Path> layers = existingLayers(layerDirsBottomFirst);
    try {
      SnapshotRecord record = SnapshotRecord.read(dir)
          .orElseThrow(() -> new NotFoundException("snapshot " + key + " does not exist"));
      if (!record.sameAs(record.readOnly(), layers)) {
        throw new FailedPreconditionException("snapshot " + key + " was made from other layers than the "
            + layers.size() + " given");
      }
      return mounted(key, dir, record);
    } catch (IOException e) {
      throw new InternalException("cannot mount snapshot " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * Unmounts the snapshot (lazily if a process still holds it) and deletes it with its writes;
   * a missing key is fine. Short links no snapshot uses any more go too.
   */
  public synchronized void remove(String key) {
    Path dir = dirOf(key);
    try {
      if (!Files.exists(dir, NOFOLLOW)) {
        return;
      }
      removeTree(dir);
      pruneLinks();
    } catch (IOException e) {
      throw new InternalException("cannot remove snapshot " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes every snapshot whose key is not in {@code keep} (at start-up: the containers that
   * no longer exist). Each is tried even when another fails; the failures are reported together.
   *
   * @param keep every key still wanted, the keys of image-volume views included
   */
  public synchronized void removeAllExcept(Set<String> keep) {
    List<String> failures = new ArrayList<>();
    for (String key : keys()) {
      if (!keep.contains(key)) {
        try {
          removeTree(root.resolve(key));
        } catch (IOException | RuntimeException e) {
          failures.add(key + ": " + e.getMessage());
        }
      }
    }
    try {
      pruneLinks();
    } catch (IOException e) {
      failures.add("short links: " + e.getMessage());
    }
    if (!failures.isEmpty()) {
      throw new InternalException("cannot remove stale snapshots: " + String.join("; ", failures));
    }
  }

  /** Whether the key's mount point is mounted, from this process's mount table. */
  public boolean isMounted(String key) {
    Path merged = dirOf(key).resolve(MERGED);
    try {
      return MountTable.isMountPoint(merged);
    } catch (IOException e) {
      throw new InternalException("cannot read the mount table: " + e.getMessage(), e);
    }
  }

  /** The keys of every snapshot present, mounted or not. */
  public Set<String> keys() {
    try (var entries = Files.list(root)) {
      return entries.filter(p -> KEY.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p, NOFOLLOW))
          .map(p -> p.getFileName().toString())
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new InternalException("cannot list snapshots in " + root + ": " + e.getMessage(), e);
    }
  }

  /** Apparent bytes in the snapshot's writable layer (0 for a read-only view). */
  public long upperBytes(String key) {
    return upperUse(key).bytes();
  }

  /** Inodes in the snapshot's writable layer, its root included (0 for a read-only view). */
  public long upperInodes(String key) {
    return upperUse(key).inodes();
  }

  private Path make(String key, List<Path> layerDirs, boolean readOnly) {
    Path dir = dirOf(key);
    List<Path> layers = existingLayers(layerDirs);
    try {
      Optional<SnapshotRecord> existing = SnapshotRecord.read(dir);
      if (existing.isPresent()) {
        if (!existing.get().sameAs(readOnly, layers)) {
          throw new AlreadyExistsException(mismatch(key, existing.get(), readOnly));
        }
        return mounted(key, dir, existing.get());
      }
      clearLeftover(key, dir);
      return create(key, dir, layers, readOnly);
    } catch (IOException e) {
      throw new InternalException("cannot prepare snapshot " + key + ": " + e.getMessage(), e);
    }
  }

  private Path create(String key, Path dir, List<Path> layers, boolean readOnly) throws IOException {
    try (CleanupStack undo = new CleanupStack("snapshot " + key)) {
      undo.push("drop unused short links", this::pruneLinks);
      Files.createDirectory(dir);
      undo.push("remove " + dir, () -> removeTree(dir));
      Files.createDirectory(dir.resolve(MERGED));
      if (!readOnly) {
        Files.createDirectory(dir.resolve(UPPER));
        Files.createDirectory(dir.resolve(WORK));
        if (layers.isEmpty()) {
          sys.chmod(dir.resolve(UPPER), 0755);
        } else {
          copyOwnerAndMode(layers.getLast(), dir.resolve(UPPER));
        }
      }
      if (layers.isEmpty()) {
        // Seen as the container's "/" (or the volume's root): 0755 whatever the daemon's umask.
        sys.chmod(Files.createDirectory(dir.resolve(EMPTY)), 0755);
      }
      SnapshotRecord record = new SnapshotRecord(readOnly, layers, linkIds(layers));
      record.write(dir);
      mount(key, dir, record);
      undo.commit();
      return dir.resolve(MERGED);
    }
  }

  /** The mount point of a recorded snapshot, mounted again if it is not. */
  private Path mounted(String key, Path dir, SnapshotRecord record) throws IOException {
    Path merged = dir.resolve(MERGED);
    if (MountTable.isMountPoint(merged)) {
      return merged;
    }
    // The links are kept while a record names them; made again should someone have deleted one.
    List<String> ids = linkIds(record.layers().stream().map(Path::of).toList());
    if (!ids.equals(record.links())) {
      record = new SnapshotRecord(record.readOnly(), record.layers().stream().map(Path::of).toList(), ids);
      record.write(dir);
    }
    mount(key, dir, record);
    return merged;
  }

  private void mount(String key, Path dir, SnapshotRecord record) throws IOException {
    Path merged = dir.resolve(MERGED);
    // Relative to root, which mountIn makes the working directory: "l/ID" is 14 bytes.
    List<String> lowers = new ArrayList<>(record.links().reversed().stream().map(id -> LINKS + "/" + id).toList());
    if (!record.readOnly()) {
      if (lowers.isEmpty()) {
        lowers.add(key + "/" + EMPTY);
      }
      String options = OverlayOptions.readWrite(lowers, key + "/" + UPPER, key + "/" + WORK);
      sys.mountIn(root, "overlay", merged, "overlay", 0, options);
    } else if (lowers.size() >= 2) {
      sys.mountIn(root, "overlay", merged, "overlay", LinuxSyscalls.MS_RDONLY, OverlayOptions.readOnly(lowers));
    } else {
      bindReadOnly(lowers.isEmpty() ? dir.resolve(EMPTY) : Path.of(record.layers().getFirst()), merged);
    }
  }

  private void bindReadOnly(Path source, Path target) throws IOException {
    sys.mount(source.toString(), target, null, LinuxSyscalls.MS_BIND, null);
    try {
      // A bind mount takes MS_RDONLY only on a remount.
      sys.mount(null, target, null, LinuxSyscalls.MS_BIND | LinuxSyscalls.MS_REMOUNT | LinuxSyscalls.MS_RDONLY, null);
    } catch (IOException e) {
      try {
        sys.unmount(target, true);
      } catch (IOException u) {
        e.addSuppressed(u);
      }
      throw e;
    }
  }

  /** The merged root takes its owner and mode from the upper root: make them the image's. */
  private void copyOwnerAndMode(Path topLayer, Path upper) throws IOException {
    Map<String, Object> attributes = Files.readAttributes(topLayer, "unix:uid,gid,mode");
    sys.lchown(upper, (Integer) attributes.get("uid"), (Integer) attributes.get("gid"));
    sys.chmod(upper, (Integer) attributes.get("mode"));
  }

  /** A snapshot dir without a record was never mounted (the record comes first): a crash's leftover. */
  private void clearLeftover(String key, Path dir) throws IOException {
    if (!Files.exists(dir, NOFOLLOW)) {
      return;
    }
    if (!MountTable.mountsUnder(dir).isEmpty()) {
      throw new FailedPreconditionException("snapshot dir " + dir + " has no record but something is mounted below it");
    }
    log.info("removing the incomplete snapshot {} left by an earlier failure", key);
    FileTrees.delete(dir);
  }

  /** Unmounts everything at or below {@code dir}, then deletes it, never through a mount. */
  private void removeTree(Path dir) throws IOException {
    for (Path point : MountTable.mountsUnder(dir)) {
      unmount(point);
    }
    List<Path> left = MountTable.mountsUnder(dir);
    if (!left.isEmpty()) {
      throw new IOException("still mounted after unmounting: " + left + "; nothing deleted");
    }
    FileTrees.delete(dir);
  }

  private void unmount(Path point) throws IOException {
    try {
      sys.unmount(point, false);
    } catch (ErrnoException e) {
      switch (e.errnoName()) {
        // A process still has files open in it: detach now, the kernel frees it when they close.
        case "EBUSY" -> sys.unmount(point, true);
        // No longer a mount point: detaching its parent took it along.
        case "EINVAL" -> { }
        default -> throw e;
      }
    }
  }

  /** Drops the short links no snapshot names; keeps them all when a record cannot be read. */
  private void pruneLinks() throws IOException {
    Set<String> used = new HashSet<>();
    for (String key : keys()) {
      try {
        SnapshotRecord.read(root.resolve(key)).ifPresent(record -> used.addAll(record.links()));
      } catch (IOException e) {
        log.warn("keeping every short link: the record of snapshot {} is unreadable: {}", key, e.getMessage());
        return;
      }
    }
    links.pruneExcept(used);
  }

  private List<String> linkIds(List<Path> layers) throws IOException {
    List<String> ids = new ArrayList<>();
    for (Path layer : layers) {
      ids.add(links.linkFor(layer));
    }
    return ids;
  }

  private DiskUse upperUse(String key) {
    Path dir = dirOf(key);
    if (!Files.isDirectory(dir, NOFOLLOW)) {
      throw new NotFoundException("snapshot " + key + " does not exist");
    }
    Path upper = dir.resolve(UPPER);
    if (!Files.isDirectory(upper, NOFOLLOW)) {
      return new DiskUse(0, 0);
    }
    try {
      return DiskUse.of(upper);
    } catch (IOException e) {
      throw new InternalException("cannot measure snapshot " + key + ": " + e.getMessage(), e);
    }
  }

  private Path dirOf(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new InvalidArgumentException("snapshot key " + quoted(key) + " is not a container ID (1 to 64 lowercase hex digits)");
    }
    return root.resolve(key);
  }

  private static List<Path> existingLayers(List<Path> layerDirs) {
    List<Path> layers = new ArrayList<>();
    for (Path layer : layerDirs) {
      Path absolute = layer.toAbsolutePath().normalize();
      if (!Files.isDirectory(absolute)) {
        throw new NotFoundException("layer dir " + absolute + " does not exist (was its image removed?)");
      }
      layers.add(absolute);
    }
    return layers;
  }

  private static String mismatch(String key, SnapshotRecord existing, boolean readOnly) {
    int count = existing.layers().size();
    String what = existing.readOnly() == readOnly ? "with other layers"
        : (existing.readOnly() ? "as a read-only view of " : "as a writable snapshot of ") + count + (count == 1 ? " layer" : " layers");
    return "snapshot " + key + " already exists " + what;
  }

  private static String quoted(String key) {
    if (key == null) {
      return "null";
    }
    return "\"" + (key.length() > 80 ? key.substring(0, 80) + "..." : key) + "\"";
  }
}

package dev.coracle.core.image.unpack;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.ResourceExhaustedException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Unpacks one OCI image layer (a tar stream, plain, gzip or zstd) into an empty directory that
 * becomes an overlayfs lower or upper layer: files with their content, owners, modes
 * (setuid, setgid and sticky included), times to the nanosecond and extended attributes;
 * directories, symbolic links, hard links, device nodes and FIFOs; and the OCI whiteouts
 * turned into what overlayfs understands ({@code .wh.NAME} into a 0/0 character device at
 * NAME, {@code .wh..wh..opq} into the {@code trusted.overlay.opaque=y} xattr on its directory).
 *
 * <p>No entry can create or change anything outside the target:
 * <ul>
 *   <li>names are normalised lexically; a leading {@code /} means the layer root (as in the
 *       container), and a name whose {@code ..} climbs above the root is refused;
 *   <li>nothing is written or linked through a symbolic link: an entry any of whose parents is
 *       a symbolic link is refused, whatever the link points to; a symbolic link at the entry's
 *       own name is replaced, never followed;
 *   <li>a hard link must name an earlier entry of the layer, by a path that stays inside and
 *       passes through no symbolic link, and may not be a copy of a symbolic link that points
 *       outside;
 *   <li>{@code trusted.overlay.*} (and {@code user.overlay.*}) xattrs in the image are dropped:
 *       they could forge whiteouts.
 * </ul>
 * Symbolic link targets are stored as written: they may point anywhere, since they are
 * resolved inside the container.
 *
 * <p>Failures: a refused or malformed layer is {@link InvalidArgumentException}; the blob
 * stream itself failing is {@link UnavailableException}; a full disk is
 * {@link ResourceExhaustedException}; other write failures are {@link InternalException}; an
 * interrupt of the calling thread stops at the next entry with {@link UnavailableException}. On
 * failure the target is left half-written for the caller to delete.
 */
public final class LayerUnpacker implements LayerImporter {

  private final LinuxSyscalls sys;

  public LayerUnpacker(LinuxSyscalls sys) {
    this.sys = Objects.requireNonNull(sys, "sys");
  }

  /**
   * Unpacks {@code blob} into {@code target} in one pass, reading it to the very end.
   *
   * @param blob the layer as stored; read but not closed
   * @param compression how it is compressed, or null to recognise it from its first bytes
   * @param target an existing, empty directory (the layer's overlay {@code diff} directory)
   */
  public UnpackResult unpack(InputStream blob, Compression compression, Path target) {
    requireEmptyDirectory(target);
    try (LayerReader reader = LayerReader.open(blob, compression)) {
      EntryWriter writer = new EntryWriter(sys, new LayerRoot(target, sys));
      for (LayerEntry entry = reader.next(); entry != null; entry = reader.next()) {
        if (Thread.currentThread().isInterrupted()) { // the interrupt stays set for the caller
          throw new UnavailableException("unpacking a layer into " + target + " was interrupted");
        }
        writer.write(entry, reader);
      }
      writer.finish();
      Digest diffId = reader.finish();
      return new UnpackResult(diffId, writer.bytes(), writer.inodes());
    }
  }

  /** Unpacks as {@link #unpack(InputStream, Compression, Path)}; overlay layers need neither the diff ID nor parents. */
  @Override
  public UnpackResult unpack(InputStream blob, Compression compression, Path target, Digest diffId, List<Path> parents) {
    return unpack(blob, compression, target);
  }

  private static void requireEmptyDirectory(Path target) {
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FailedPreconditionException("cannot unpack a layer into " + target + ": not a directory");
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(target)) {
      if (children.iterator().hasNext()) {
        throw new FailedPreconditionException("cannot unpack a layer into " + target + ": not empty");
      }
    } catch (IOException e) {
      throw new InternalException("cannot list " + target + ": " + e.getMessage(), e);
    }
  }
}

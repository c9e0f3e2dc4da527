package dev.coracle.hcs.image;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the objects of one Windows layer under a root directory: on Windows through Win32
 * backup streams ({@code BackupWrite}: security, EAs, reparse data, contents, alternate
 * streams; WINDOWS.md §3), on Linux into plain files with the Windows metadata recorded beside
 * them ({@link DirectoryLayerWriter}). Paths are layer-relative and already checked by the
 * importer: they stay inside the root and never pass through a link the layer made.
 */
public interface WindowsLayerWriter extends AutoCloseable {

  /** Opens a writer for a layer root, with the layers below it (top-most first, empty for a base layer). */
  @FunctionalInterface
  interface Factory {
    WindowsLayerWriter open(Path root, List<Path> parents);
  }

  /**
   * Writes a directory, file, link or alternate data stream. An alternate stream comes right
   * after its file (or after another stream of the same file).
   *
   * @param data the entry's {@link WindowsLayerEntry#size()} bytes; not to be closed
   */
  void add(WindowsLayerEntry entry, InputStream data);

  /** Makes {@code path} a hard link to {@code target}, an earlier file of this layer. */
  void link(String path, String target);

  /** Records the deletion of {@code path} from the layers below (a whiteout: a tombstone). */
  void remove(String path);

  /** Finishes what is written under the root (tombstones, metadata) and releases every handle. */
  @Override
  void close();

  /**
   * For a layer with parents: finishes {@code layer} once the {@link ImportSeam} imported this
   * writer's staging directory into it. The writer is closed by then. A writer whose format
   * {@code ImportLayer} reads whole has nothing to do (the default); the legacy format needs
   * whiteouts deleted, hard links made and directory times set again in the layer itself
   * (WINDOWS.md §3). A failure leaves {@code layer} to the importer, which empties it.
   */
  default void afterImport(Path layer) {}
}

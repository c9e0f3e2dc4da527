package dev.coracle.core.image.unpack;

import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns one layer blob into a layer directory of the platform's kind: an overlayfs lower dir
 * on Linux ({@link LayerUnpacker}), a WCOW layer on Windows (hcs-bridge). The layer store
 * calls it once per chain ID, checks {@link UnpackResult#diffId()} against the image config
 * afterwards, and makes the directory visible only then.
 */
public interface LayerImporter {

  /**
   * Reads {@code blob} to its end and writes the layer into {@code target}.
   *
   * @param blob the layer as stored; read but not closed
   * @param compression how it is compressed, or null to recognise it from its first bytes
   * @param target an existing, empty directory that becomes the layer
   * @param diffId the diff ID the image config gives this layer. The store checks the result
   *     against it anyway; an importer that hands the layer to something outside itself before
   *     returning (Windows: the HCS import) must check it first
   * @param parents the layer directories below this one, top-most first (base last), when
   *     {@link #needsParents()}; otherwise empty
   */
  UnpackResult unpack(InputStream blob, Compression compression, Path target, Digest diffId, List<Path> parents);

  /**
   * True when a layer can only be made once every layer below it is present (Windows imports
   * a layer against its parents); the pull then unpacks in order, bottom first, while blobs
   * still download in parallel. Linux layers are independent and unpack in parallel.
   */
  default boolean needsParents() {
    return false;
  }

  /**
   * True when a layer must be made in the directory it is used from, and that directory's
   * name must tell it from every other layer. A Windows layer is both: HCS names a layer by
   * {@code NameToGuid} of its directory's base name, and an imported layer's VHDX files
   * refer to its parents by absolute path, so it can never be moved (WINDOWS.md §1.5, §3).
   * The store then imports straight into {@code <chain ID hex>/<chain ID hex>} and deletes it
   * on failure, instead of renaming a finished temporary {@code diff} directory into place.
   */
  default boolean importsInPlace() {
    return false;
  }
}

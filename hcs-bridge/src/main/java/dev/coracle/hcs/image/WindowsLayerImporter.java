package dev.coracle.hcs.image;

import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.unpack.LayerImporter;
import dev.coracle.core.image.unpack.UnpackResult;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Imports one Windows layer tar (WINDOWS.md §3): entries under {@code Files/}, {@code Hives/}
 * and, in a base layer, {@code UtilityVM/}; whiteouts, hard links, {@code MSWINDOWS.*} PAX
 * records and alternate data streams; nothing may leave the layer root. A base layer (no
 * parents) is written into the layer directory and handed to {@link BaseLayerSetup}; any
 * other into a staging directory handed to {@link ImportSeam}, then deleted. The diff ID is
 * checked before either seam sees the layer.
 */
public final class WindowsLayerImporter implements LayerImporter {

  private final WindowsLayerWriter.Factory writers;
  private final BaseLayerSetup base;
  private final ImportSeam imports;

  public WindowsLayerImporter(WindowsLayerWriter.Factory writers, BaseLayerSetup base, ImportSeam imports) {
    this.writers = writers;
    this.base = base;
    this.imports = imports;
  }

  @Override
  public UnpackResult unpack(InputStream blob, Compression compression, Path target, Digest diffId, List<Path> parents) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Windows imports a layer against the layers below it. */
  @Override
  public boolean needsParents() {
    return true;
  }
}

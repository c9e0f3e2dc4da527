package dev.coracle.hcs.image;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link WindowsLayerWriter} for Linux and the simulated mode: plain directories and files
 * under the root, and what Linux cannot hold (attributes, security descriptors, links, EAs,
 * tombstones, times) recorded in a sidecar JSON file at the root.
 */
public final class DirectoryLayerWriter implements WindowsLayerWriter {

  /** The sidecar file at the layer root; no layer entry can have this name (all live under Files/, Hives/, UtilityVM/). */
  public static final String METADATA = "windows-layer.json";

  private final Path root;

  public DirectoryLayerWriter(Path root, List<Path> parents) {
    this.root = root;
  }

  @Override
  public void add(WindowsLayerEntry entry, InputStream data) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void link(String path, String target) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void remove(String path) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("not yet");
  }
}

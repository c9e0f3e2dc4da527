package dev.coracle.hcs.backend;

import dev.coracle.hcs.document.LayerRef;
import dev.coracle.hcs.storage.LayerStorage;
import java.nio.file.Path;
import java.util.List;

/**
 * Image layer directories as HCS documents name them: top-most first, each with its GUID
 * (WINDOWS.md §3). The GUID is NameToGuid of the directory's name; the image store keeps every
 * layer's content in a {@code diff} directory under its chain ID, so the chain ID's directory
 * names it: the same name for all would give every layer one GUID.
 */
final class Layers {

  private static final String STORE_CONTENT_DIR = "diff";

  private Layers() {}

  static List<LayerRef> refs(LayerStorage storage, List<Path> topFirst) {
    return topFirst.stream().map(p -> new LayerRef(storage.layerId(named(p)).toString(), p.toString())).toList();
  }

  private static Path named(Path layer) {
    return layer.getFileName() != null && layer.getFileName().toString().equals(STORE_CONTENT_DIR)
        && layer.getParent() != null ? layer.getParent() : layer;
  }
}

package dev.coracle.hcs.backend;

import dev.coracle.hcs.document.LayerRef;
import dev.coracle.hcs.storage.LayerStorage;
import java.nio.file.Path;
import java.util.List;

/**
 * Image layer directories as HCS documents name them: top-most first, each with its GUID
 * (WINDOWS.md §3). The GUID is NameToGuid of the directory's name; the image store names each
 * Windows layer's directory by its chain ID, so no two layers share one.
 */
final class Layers {

  private Layers() {}

  static List<LayerRef> refs(LayerStorage storage, List<Path> topFirst) {
    return topFirst.stream().map(p -> new LayerRef(storage.layerId(p).toString(), p.toString())).toList();
  }
}

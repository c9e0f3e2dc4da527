package dev.coracle.hcs.image;

import java.nio.file.Path;
import java.util.List;

/**
 * Imports a non-base layer written in the legacy staging format into its layer directory
 * (WINDOWS.md §3, §1.5): vmcompute {@code ImportLayer(info, layer, staging, parents)} or
 * {@code HcsImportLayer(layer, staging, layerData)}. The backend binds it to its layer
 * storage; on failure it must leave {@code layer} as it found it.
 */
@FunctionalInterface
public interface ImportSeam {

  /**
   * @param layer the (empty) directory that becomes the layer
   * @param staging the written layer: {@code Files\} and {@code Hives\} in the legacy format
   *     ({@link LegacyLayerWriter}); whiteouts and hard links are the writer's after the import
   * @param parents the layers below, top-most first, base last
   */
  void importLayer(Path layer, Path staging, List<Path> parents);
}

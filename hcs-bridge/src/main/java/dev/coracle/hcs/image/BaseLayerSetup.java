package dev.coracle.hcs.image;

import java.nio.file.Path;

/**
 * Makes a written base layer usable (WINDOWS.md §3, §1.5): {@code ProcessBaseImage} and, with
 * a utility VM, {@code ProcessUtilityImage}, or the computestorage equivalent. The backend
 * binds it to its layer storage; it must leave nothing half-set-up when it fails.
 */
@FunctionalInterface
public interface BaseLayerSetup {

  /**
   * @param layer the base layer directory, its {@code Files\}, {@code Hives\} (and
   *     {@code UtilityVM\Files\}) written
   * @param hasUtilityVm whether the layer has {@code UtilityVM\Files}
   */
  void setupBase(Path layer, boolean hasUtilityVm);
}

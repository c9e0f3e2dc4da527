package dev.coracle.hcs.backend;

import dev.coracle.core.error.InternalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** The backend's own directories (pods, containers, scratch parents), made and removed with typed errors. */
final class Dirs {

  private Dirs() {}

  static void create(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InternalException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Removes {@code dir} and all below it; a missing one is removed already. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new InternalException("cannot remove " + dir + ": " + e.getMessage(), e);
    }
  }
}

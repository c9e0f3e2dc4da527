package dev.coracle.core.namespace;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Namespaces held open by bind mounts of their nsfs files, so containers can join them by path. */
public record PinnedNamespaces(Path dir, Map<NamespaceKind, Path> pins) {

  public PinnedNamespaces {
    pins = Map.copyOf(pins);
  }

  public Optional<Path> path(NamespaceKind kind) {
    return Optional.ofNullable(pins.get(kind));
  }
}

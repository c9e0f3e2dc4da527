package dev.coracle.core.image.unpack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A path inside a layer, relative to its root, as normalised components: no empty parts, no
 * {@code .}, no {@code ..}. Normalising is lexical: {@code a/../b} is {@code b} whatever
 * {@code a} is on disk, and a name whose {@code ..} would climb above the root has no
 * EntryPath at all.
 */
final class EntryPath {

  static final EntryPath ROOT = new EntryPath(List.of());

  private final List<String> components;
  private final String text;

  private EntryPath(List<String> components) {
    this.components = List.copyOf(components);
    this.text = String.join("/", components);
  }

  /**
   * The path a tar entry name (or a hard link's target) names. A leading {@code /} means the
   * layer root, as in a container's root file system; empty when the name climbs above it.
   */
  static Optional<EntryPath> parse(String name) {
    return normalise(ROOT, name);
  }

  /**
   * Where the symbolic link at {@code link} with the given target leads, read lexically as
   * the kernel would inside the container: absolute targets start at the root, relative ones
   * at the link's directory. Empty when the target climbs above the root.
   */
  static Optional<EntryPath> symlinkTarget(EntryPath link, String target) {
    return normalise(target.startsWith("/") ? ROOT : link.parent(), target);
  }

  private static Optional<EntryPath> normalise(EntryPath base, String name) {
    List<String> parts = new ArrayList<>(base.components);
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(part);
      }
    }
    return Optional.of(new EntryPath(parts));
  }

  boolean isRoot() {
    return components.isEmpty();
  }

  List<String> components() {
    return components;
  }

  /** The last component; "" for the root. */
  String name() {
    return isRoot() ? "" : components.get(components.size() - 1);
  }

  EntryPath parent() {
    return isRoot() ? this : new EntryPath(components.subList(0, components.size() - 1));
  }

  EntryPath child(String name) {
    List<String> parts = new ArrayList<>(components);
    parts.add(name);
    return new EntryPath(parts);
  }

  /** The first {@code count} components. */
  EntryPath prefix(int count) {
    return new EntryPath(components.subList(0, count));
  }

  /** True when {@code other} is this path or lies below it. */
  boolean contains(EntryPath other) {
    return isRoot() || other.text.equals(text) || other.text.startsWith(text + "/");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntryPath other && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** Components joined with {@code /}; "" for the root. */
  @Override
  public String toString() {
    return text;
  }
}

package dev.coracle.critest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cgroup parent a spec gives its pods, as kubelet does, and its removal afterwards (also as
 * kubelet does: runtimes remove the cgroups of their containers, not the parent they were given).
 */
public final class CgroupTree {

  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private CgroupTree() {}

  /** Removes {@code parent} and any cgroup left below it, in every mounted hierarchy. */
  public static void remove(String parent) {
    for (Path hierarchy : hierarchies()) {
      Path dir = hierarchy.resolve(parent.substring(1));
      if (!Files.isDirectory(dir)) {
        continue;
      }
      // A cgroup directory is removed with rmdir once its children are gone; its files cannot be.
      try (Stream<Path> tree = Files.walk(dir)) {
        for (Path cgroup : tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(cgroup);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the cgroup " + dir, e);
      }
    }
  }

  private static List<Path> hierarchies() {
    List<Path> found = new ArrayList<>();
    if (Files.exists(ROOT.resolve("cgroup.controllers"))) {
      found.add(ROOT);
      return found;
    }
    try (Stream<Path> entries = Files.list(ROOT)) {
      entries.filter(p -> Files.isDirectory(p) && !Files.isSymbolicLink(p)).forEach(found::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }
}

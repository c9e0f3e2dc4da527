package dev.coracle.core.container;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;

/** Paths inside the container, as the spec needs them: absolute, clean, never climbing with "..". */
final class SpecPaths {

  private SpecPaths() {}

  /**
   * The clean form of a path inside the container ({@code //a/./b/} is {@code /a/b}).
   *
   * @param what names the path in the error, like "mount destination"
   * @throws InvalidArgumentException when it is relative, is the root itself, or holds ".."
   */
  static String inContainer(String path, String what) {
    if (path == null || !path.startsWith("/")) {
      throw new InvalidArgumentException(what + " \"" + path + "\" is not an absolute path");
    }
    List<String> parts = parts(path);
    if (parts.contains("..")) {
      throw new InvalidArgumentException(what + " \"" + path + "\" may not contain \"..\"");
    }
    if (parts.isEmpty()) {
      throw new InvalidArgumentException(what + " \"" + path + "\" is the container's root itself");
    }
    return "/" + String.join("/", parts);
  }

  /** How many names a clean absolute path has: 1 for /data, 2 for /data/cache. */
  static int depth(String cleanPath) {
    return parts(cleanPath).size();
  }

  private static List<String> parts(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return parts;
  }
}

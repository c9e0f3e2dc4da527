package dev.coracle.hcs.image;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tar entry name of a Windows layer, checked and normalised (WINDOWS.md §3): {@code /}
 * separated, {@code .} dropped, {@code ..} taken lexically and never above the root; no
 * component may hold a backslash (a separator on Windows, so it would dodge these checks) or a
 * NUL, and only the last may hold one colon, which names an alternate data stream
 * ({@code Files/a.txt:Zone.Identifier}).
 *
 * @param path the normalised layer-relative path, without any stream
 * @param stream the alternate data stream, or ""
 */
record WindowsEntryName(String path, String stream) {

  static final String FILES = "Files";
  static final String HIVES = "Hives";
  static final String UTILITY_VM = "UtilityVM";

  /** @throws InvalidArgumentException when the name is none a Windows layer may hold */
  static WindowsEntryName parse(String name) {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw refused(name, "it climbs out of the layer");
        }
        parts.remove(parts.size() - 1);
      } else if (part.indexOf('\\') >= 0 || part.indexOf('\0') >= 0) {
        throw refused(name, "a name may not hold a backslash or NUL");
      } else {
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      throw refused(name, "it names the layer root");
    }
    String stream = "";
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      int colon = part.indexOf(':');
      if (colon < 0) {
        continue;
      }
      if (i != parts.size() - 1 || colon == 0 || colon == part.length() - 1 || part.indexOf(':', colon + 1) >= 0) {
        throw refused(name, "only the last part may name one alternate data stream (file:stream)");
      }
      parts.set(i, part.substring(0, colon));
      stream = part.substring(colon + 1);
    }
    String top = parts.get(0);
    if (!top.equals(FILES) && !top.equals(HIVES) && !top.equals(UTILITY_VM)) {
      throw refused(name, "a Windows layer holds only Files/, Hives/ and UtilityVM/");
    }
    return new WindowsEntryName(String.join("/", parts), stream);
  }

  static InvalidArgumentException refused(String name, String why) {
    return new InvalidArgumentException("Windows layer entry \"" + name + "\" is refused: " + why);
  }

  /** The first component: Files, Hives or UtilityVM. */
  String top() {
    int slash = path.indexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }

  /** The last component. */
  String baseName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The path without its last component; "" for a top-level directory. */
  String parent() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** Windows compares names without case: the key for "seen before". */
  static String key(String path) {
    return path.toLowerCase(Locale.ROOT);
  }
}

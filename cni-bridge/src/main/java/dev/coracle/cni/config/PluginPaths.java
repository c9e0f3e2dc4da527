package dev.coracle.cni.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where plugin binaries are found: an ordered list of bin dirs, searched for a file named by a
 * plugin's type, the first executable regular file winning (what libcni does with
 * {@code CNI_PATH}).
 */
public final class PluginPaths {

  /** Upstream's install dir, then Debian's. */
  public static final List<Path> DEFAULT_DIRS = List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni"));

  private final List<Path> dirs;

  /**
   * @param dirs absolute paths, searched in order; none may hold the path separator
   *     {@code CNI_PATH} uses
   * @throws IllegalArgumentException when the list is empty or a dir is not usable
   */
  public PluginPaths(List<Path> dirs) {
    if (dirs.isEmpty()) {
      throw new IllegalArgumentException("no CNI bin dir given");
    }
    for (Path dir : dirs) {
      if (!dir.isAbsolute() || dir.toString().contains(File.pathSeparator)) {
        throw new IllegalArgumentException("CNI bin dir " + dir
            + " must be an absolute path without '" + File.pathSeparator + "'");
      }
    }
    this.dirs = List.copyOf(new LinkedHashSet<>(dirs));
  }

  public static PluginPaths defaults() {
    return new PluginPaths(DEFAULT_DIRS);
  }

  public List<Path> dirs() {
    return dirs;
  }

  /** The dirs as plugins expect them in {@code CNI_PATH}, to find their own delegates. */
  public String cniPath() {
    return dirs.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * The binary of a plugin type.
   *
   * @throws CniException naming the type and the dirs searched (and what was found instead of
   *     a binary) when none holds it; {@link CniException#INVALID_NETWORK_CONFIG} for a type
   *     that is not a file name
   */
  public Path find(String type) {
    NameRules.checkPluginType(type, null);
    List<String> notes = new ArrayList<>();
    for (Path dir : dirs) {
      Path candidate = dir.resolve(type);
      if (isBinary(candidate)) {
        return candidate;
      }
      if (Files.isDirectory(candidate)) {
        notes.add(candidate + " is a directory");
      } else if (Files.exists(candidate)) {
        notes.add(candidate + " is not an executable file");
      }
    }
    String found = notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
    throw new CniException(0, type, "CNI plugin \"" + type + "\" not found in " + dirsText() + found);
  }

  /** The binary of a plugin type, if a bin dir holds one. */
  public Optional<Path> lookup(String type) {
    if (!NameRules.isPluginType(type)) {
      return Optional.empty();
    }
    return dirs.stream().map(d -> d.resolve(type)).filter(PluginPaths::isBinary).findFirst();
  }

  /**
   * The plugin types of a network with no binary in the bin dirs, in the list's order: each
   * plugin's type, and its IPAM plugin's ({@code ipam.type}), which the plugin runs itself from
   * the same dirs.
   */
  public List<String> missing(NetworkConfigList network) {
    Set<String> missing = new LinkedHashSet<>();
    for (ObjectNode plugin : network.plugins()) {
      for (JsonNode type : List.of(plugin.path("type"), plugin.path("ipam").path("type"))) {
        if (type.isTextual() && !type.textValue().isEmpty() && lookup(type.textValue()).isEmpty()) {
          missing.add(type.textValue());
        }
      }
    }
    return List.copyOf(missing);
  }

  String dirsText() {
    return dirs.stream().map(Path::toString).collect(Collectors.joining(", "));
  }

  private static boolean isBinary(Path candidate) {
    return Files.isRegularFile(candidate) && Files.isExecutable(candidate);
  }

  @Override
  public String toString() {
    return "PluginPaths" + dirs;
  }
}

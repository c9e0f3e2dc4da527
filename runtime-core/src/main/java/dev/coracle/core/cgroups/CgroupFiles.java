package dev.coracle.core.cgroups;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** File operations shared by both hierarchies: cgroupfs is written one value per file. */
final class CgroupFiles {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.:@-]+");

  private CgroupFiles() {}

  /** A relative cgroup path, checked so it can never leave the hierarchy. */
  static Path resolve(Path hierarchy, String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.isEmpty()) {
      throw new InvalidArgumentException("an empty cgroup path would be the hierarchy's root");
    }
    for (String segment : trimmed.split("/")) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidArgumentException("cgroup path \"" + path + "\" has an invalid part \"" + segment + "\"");
      }
    }
    return hierarchy.resolve(trimmed);
  }

  static void write(Path file, String value) {
    try {
      Files.writeString(file, value);
    } catch (IOException e) {
      throw new InvalidArgumentException("cannot set " + file + " to \"" + value + "\": " + reason(e), e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new InternalException("cannot read " + file + ": " + reason(e), e);
    }
  }

  static List<Integer> pids(Path procsFile) {
    try {
      return Files.readAllLines(procsFile).stream().filter(l -> !l.isBlank()).map(Integer::parseInt).toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new InternalException("cannot read " + procsFile + ": " + reason(e), e);
    }
  }

  static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InternalException("cannot create cgroup " + dir + ": " + reason(e), e);
    }
  }

  /** rmdir of the cgroup and its child cgroups, deepest first (cgroupfs files go with their dir). */
  static void removeTree(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isDirectory).forEach(dirs::add);
    } catch (IOException e) {
      throw new InternalException("cannot list cgroup " + dir + ": " + reason(e), e);
    }
    dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    for (Path d : dirs) {
      try {
        Files.deleteIfExists(d);
      } catch (DirectoryNotEmptyException e) {
        throw new InternalException("cgroup " + d + " holds more than cgroup files", e);
      } catch (FileSystemException e) {
        if (String.valueOf(e.getReason()).contains("busy")) {
          throw new FailedPreconditionException("cgroup " + d + " still has processes", e);
        }
        throw new InternalException("cannot remove cgroup " + d + ": " + reason(e), e);
      } catch (IOException e) {
        throw new InternalException("cannot remove cgroup " + d + ": " + reason(e), e);
      }
    }
  }

  private static String reason(IOException e) {
    return e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
  }
}

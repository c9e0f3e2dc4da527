package dev.coracle.core.snapshot;

import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The tests' own reading of {@code /proc/self/mountinfo}, apart from the code under test, so a
 * mistake there cannot hide a leaked mount.
 */
final class Mounts {

  private Mounts() {}

  /** Mount points at or below {@code dir}, deepest first. */
  static List<Path> under(Path dir) throws IOException {
    Path real = dir.toRealPath();
    List<Path> found = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      Path point = Path.of(line.split(" ")[4].replace("\\040", " "));
      if (point.startsWith(real)) {
        found.add(point);
      }
    }
    found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return found;
  }

  /** How many mounts sit exactly at {@code point} (stacked mounts count each). */
  static long at(Path point) throws IOException {
    Path real = point.toRealPath();
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(line -> Path.of(line.split(" ")[4]).equals(real))
        .count();
  }

  /** The super block options (the last field) of the mount at {@code point}. */
  static String superOptions(Path point) throws IOException {
    Path real = point.toRealPath();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      if (Path.of(line.split(" ")[4]).equals(real)) {
        return line.substring(line.lastIndexOf(' ') + 1);
      }
    }
    throw new AssertionError("nothing mounted at " + point);
  }

  /** Detaches whatever a failed test left mounted below {@code dir}, and says what it was. */
  static List<Path> detachAll(Path dir, LinuxSyscalls sys) throws IOException {
    List<Path> left = under(dir);
    for (Path point : left) {
      try {
        sys.unmount(point, true);
      } catch (IOException e) {
        // A parent's detach may already have taken it.
      }
    }
    return left;
  }
}

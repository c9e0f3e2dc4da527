package dev.coracle.core.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** This process's mount points, from {@code /proc/self/mountinfo}. */
final class MountTable {

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /** Whether something is mounted exactly at {@code path} (absolute, links resolved). */
  static boolean isMountPoint(Path path) throws IOException {
    return mountPoints().contains(path);
  }

  /** The mount points at or below {@code dir}, deepest first: the order to unmount them in. */
  static List<Path> mountsUnder(Path dir) throws IOException {
    List<Path> under = new ArrayList<>();
    for (Path point : mountPoints()) {
      if (point.startsWith(dir)) {
        under.add(point);
      }
    }
    under.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
    return under;
  }

  private static List<Path> mountPoints() throws IOException {
    List<Path> points = new ArrayList<>();
    for (String line : Files.readAllLines(MOUNTINFO)) {
      String[] fields = line.split(" ");
      if (fields.length > 4) {
        points.add(Path.of(unescape(fields[4])));
      }
    }
    return points;
  }

  /** mountinfo writes space, tab, newline and backslash as octal escapes. */
  static String unescape(String field) {
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
  }
}

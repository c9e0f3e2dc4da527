package dev.coracle.critest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the benchmarks read from /proc and /sys/fs/cgroup about a runtime seen only from
 * outside: which process serves a socket, the memory of a process, the processes of a cgroup.
 */
final class ProcFs {

  private static final Path PROC = Path.of("/proc");

  private ProcFs() {}

  /** The process holding the listening unix socket bound at {@code socket}. */
  static long socketOwner(Path socket) {
    String inode = listeningInode(socket.toString())
        .orElseThrow(() -> new IllegalStateException("no listening unix socket at " + socket));
    String link = "socket:[" + inode + "]";
    try (Stream<Path> pids = Files.list(PROC)) {
      for (Path pid : pids.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        if (holds(pid, link)) {
          return Long.parseLong(pid.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no process holds " + link + " (" + socket + ")");
  }

  private static Optional<String> listeningInode(String path) {
    // Columns: Num RefCount Protocol Flags Type St Inode Path; flag 0x10000 is a listening socket.
    for (String line : lines(PROC.resolve("net/unix"))) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 8 && f[7].equals(path) && (Long.parseLong(f[3], 16) & 0x10000) != 0) {
        return Optional.of(f[6]);
      }
    }
    return Optional.empty();
  }

  private static boolean holds(Path pid, String link) {
    try (Stream<Path> fds = Files.list(pid.resolve("fd"))) {
      return fds.anyMatch(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().equals(link);
        } catch (IOException e) {
          return false;
        }
      });
    } catch (IOException | UncheckedIOException e) {
      return false; // gone, or a kernel thread
    }
  }

  /** A {@code kB} field of /proc/PID/status or smaps_rollup ({@code VmRSS}, {@code Pss}), in KiB; 0 if gone. */
  static long kib(long pid, String file, String field) {
    for (String line : lines(PROC.resolve(pid + "/" + file))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }

  static long rssKib(long pid) {
    return kib(pid, "status", "VmRSS");
  }

  static long pssKib(long pid) {
    return kib(pid, "smaps_rollup", "Pss");
  }

  static String comm(long pid) {
    List<String> lines = lines(PROC.resolve(pid + "/comm"));
    return lines.isEmpty() ? "" : lines.get(0);
  }

  static long parent(long pid) {
    for (String line : lines(PROC.resolve(pid + "/status"))) {
      if (line.startsWith("PPid:")) {
        return Long.parseLong(line.substring(5).trim());
      }
    }
    return 0;
  }

  /** Every process in the cgroup {@code path} (like {@code /critest-x}) or below it, over all hierarchies. */
  static Set<Long> cgroupProcesses(String path) {
    Set<Long> pids = new LinkedHashSet<>();
    for (Path hierarchy : hierarchies()) {
      Path dir = hierarchy.resolve(path.substring(1));
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> tree = Files.walk(dir)) {
        tree.filter(p -> p.getFileName().toString().equals("cgroup.procs"))
            .forEach(procs -> lines(procs).forEach(l -> pids.add(Long.parseLong(l.trim()))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return pids;
  }

  private static List<Path> hierarchies() {
    Path root = Path.of("/sys/fs/cgroup");
    if (Files.exists(root.resolve("cgroup.controllers"))) {
      return List.of(root);
    }
    // The memory hierarchy holds every process of a pod that is limited at all.
    List<Path> found = new ArrayList<>();
    for (String name : List.of("memory", "pids")) {
      if (Files.isDirectory(root.resolve(name))) {
        found.add(root.resolve(name));
      }
    }
    return found;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("No such process")) {
        return List.of();
      }
      throw new UncheckedIOException(e);
    }
  }
}

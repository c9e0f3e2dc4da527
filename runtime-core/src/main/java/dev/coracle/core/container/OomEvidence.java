package dev.coracle.core.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the kernel's OOM killer ended a container. conmon writes {@code oom} into its persist
 * directory when it sees the event, but it may see the exit first; the cgroup's own counter
 * (v1 {@code memory.oom_control}, v2 {@code memory.events}) stays until the runtime deletes the
 * cgroup, so either is proof.
 */
final class OomEvidence {

  private OomEvidence() {}

  static boolean killed(Path persistDir, Path cgroupRoot, String cgroup) {
    if (Files.exists(persistDir.resolve("oom"))) {
      return true;
    }
    String relative = cgroup.replaceFirst("^/+", "");
    return counter(cgroupRoot.resolve("memory").resolve(relative).resolve("memory.oom_control"))
        || counter(cgroupRoot.resolve(relative).resolve("memory.events"));
  }

  /** True when the file has an {@code oom_kill N} line with N above zero. */
  private static boolean counter(Path file) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] words = line.trim().split("\\s+");
        if (words.length == 2 && words[0].equals("oom_kill")) {
          return Long.parseLong(words[1]) > 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // No such cgroup (any more), or not this hierarchy: no evidence.
    }
    return false;
  }
}

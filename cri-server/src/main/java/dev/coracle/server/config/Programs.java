package dev.coracle.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Finds a program by name, as a shell would, then in the system directories a service's PATH may lack. */
public final class Programs {

  private static final String[] SYSTEM_DIRS = {"/usr/local/bin", "/usr/bin", "/usr/sbin", "/usr/local/sbin", "/bin",
      "/sbin", "/usr/libexec/podman"};

  private Programs() {}

  /** The first executable {@code name} on {@code path} (colon-separated) or in the system directories. */
  public static Optional<Path> find(String name, String path) {
    Set<String> dirs = new LinkedHashSet<>();
    for (String dir : (path == null ? "" : path).split(":")) {
      if (!dir.isEmpty()) {
        dirs.add(dir);
      }
    }
    dirs.addAll(Set.of(SYSTEM_DIRS));
    return dirs.stream().map(d -> Path.of(d, name)).filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst();
  }

  /** {@link #find(String, String)} on this process's PATH. */
  public static Optional<Path> find(String name) {
    return find(name, System.getenv("PATH"));
  }
}

package dev.coracle.hcs.document;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.hcs.schema.MappedDirectory;
import dev.coracle.hcs.schema.MappedPipe;
import java.util.Locale;

/**
 * Mounts as HCS mapped directories and pipes (WINDOWS.md §2a): a container path needs a drive
 * ({@code C:} is prefixed, as containerd does), the whole {@code C:} drive cannot be a destination,
 * and a container path under {@code \\.\pipe\} is a mapped pipe.
 */
final class ContainerPaths {

  static final String PIPE_PREFIX = "\\\\.\\pipe\\";

  private ContainerPaths() {}

  static boolean isPipe(MountInput mount) {
    return backslashes(mount.containerPath()).toLowerCase(Locale.ROOT).startsWith(PIPE_PREFIX);
  }

  static MappedPipe pipe(MountInput mount) {
    String name = backslashes(mount.containerPath()).substring(PIPE_PREFIX.length());
    if (name.isEmpty()) {
      throw new InvalidArgumentException(
          "mount " + mount.containerPath() + " names no pipe after " + PIPE_PREFIX);
    }
    return new MappedPipe(name, mount.hostPath(), null);
  }

  static MappedDirectory directory(MountInput mount) {
    return new MappedDirectory(
        mount.hostPath(), null, containerPath(mount.containerPath()), mount.readOnly());
  }

  /** The container path with a drive; refuses the {@code C:} drive itself. */
  static String containerPath(String path) {
    String p = backslashes(path);
    if (!hasDrive(p)) {
      if (!p.startsWith("\\")) {
        throw new InvalidArgumentException("mount container path " + path + " must be absolute");
      }
      p = "C:" + p;
    }
    String lower = p.toLowerCase(Locale.ROOT);
    if (lower.equals("c:") || lower.equals("c:\\")) {
      throw new InvalidArgumentException(
          "mount container path " + path + " is the C: drive, which cannot be a mount destination");
    }
    return p;
  }

  private static boolean hasDrive(String p) {
    return p.length() >= 2 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':';
  }

  /** Windows accepts either slash; HCS documents carry backslashes. */
  private static String backslashes(String path) {
    return path.replace('/', '\\');
  }

  /** A volume GUID path as Storage.Path takes it: ending in a backslash (WINDOWS.md §2a). */
  static String withTrailingBackslash(String path) {
    return path.endsWith("\\") ? path : path + "\\";
  }
}

package dev.coracle.core.sandbox;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pod's own {@code /dev/shm}: a tmpfs of a fixed size that the pod's containers bind-mount,
 * so shared memory between them is bounded and dies with the pod.
 */
final class PodShm {

  private final LinuxSyscalls sys;
  private final long sizeBytes;

  PodShm(LinuxSyscalls sys, long sizeBytes) {
    if (sizeBytes <= 0) {
      throw new IllegalArgumentException("shm size must be positive, not " + sizeBytes);
    }
    this.sys = sys;
    this.sizeBytes = sizeBytes;
  }

  long sizeBytes() {
    return sizeBytes;
  }

  /** Mounts a fresh tmpfs at {@code dir}, world-writable with the sticky bit like any /dev/shm. */
  void mount(Path dir) {
    try {
      Files.createDirectories(dir);
      sys.mount("shm", dir, "tmpfs", LinuxSyscalls.MS_NOSUID | LinuxSyscalls.MS_NODEV | LinuxSyscalls.MS_NOEXEC,
          "mode=1777,size=" + sizeBytes);
    } catch (IOException e) {
      throw new InternalException("cannot mount the pod's /dev/shm at " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Unmounts {@code dir} (lazily, should a container still hold it) and deletes it; a missing one is fine. */
  void unmount(Path dir) {
    try {
      if (isMountPoint(dir)) {
        sys.unmount(dir, true);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new InternalException("cannot unmount the pod's /dev/shm at " + dir + ": " + e.getMessage(), e);
    }
  }

  static boolean isMountPoint(Path path) throws IOException {
    String target = path.toAbsolutePath().normalize().toString().replace(" ", "\\040");
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      if (fields.length > 4 && fields[4].equals(target)) {
        return true;
      }
    }
    return false;
  }
}

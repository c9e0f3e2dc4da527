package dev.coracle.core.oci.mounts;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.spec.Spec.Mount;
import java.util.List;

/**
 * The file systems every Linux container has before its image's and CRI's own mounts: /proc,
 * a small /dev with its pseudo-terminals, message queues and shared memory, and /sys with the
 * cgroup tree. Read-only /sys and cgroup keep an unprivileged container from changing the host's
 * kernel and cgroup settings; a privileged one gets both writable. Mounts the caller adds at the
 * same destination replace these (that merge is the spec builder's).
 */
public final class DefaultMounts {

  /** Size of the container's own /dev/shm when the pod gives none: 64 MiB, what Docker chose. */
  public static final String SHM_SIZE = "65536k";

  private static final List<String> NO_EXEC = List.of("nosuid", "noexec", "nodev");

  private DefaultMounts() {}

  /**
   * The default mounts, in the order they must be made (a mount point under /dev needs /dev).
   *
   * @param podShm the host path of the pod's shared /dev/shm (so the pod's containers share
   *     System V and POSIX shared memory), or null for a private tmpfs
   */
  public static List<Mount> linux(boolean privileged, String podShm) {
    String access = privileged ? "rw" : "ro";
    return List.of(
        new Mount("/proc", "proc", "proc", NO_EXEC),
        new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
        new Mount("/dev/pts", "devpts", "devpts",
            List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
        new Mount("/dev/mqueue", "mqueue", "mqueue", NO_EXEC),
        shm(podShm),
        new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", access)),
        new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", access)));
  }

  private static Mount shm(String podShm) {
    if (podShm == null) {
      return new Mount("/dev/shm", "tmpfs", "shm",
          List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + SHM_SIZE));
    }
    if (!podShm.startsWith("/")) {
      throw new InvalidArgumentException("the pod's shm path \"" + podShm + "\" is not absolute");
    }
    return new Mount("/dev/shm", "bind", podShm, List.of("rbind", "nosuid", "noexec", "nodev"));
  }
}

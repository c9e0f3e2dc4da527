package dev.coracle.core.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * The Linux system calls the runtime needs beyond what {@code java.nio.file} offers: the seam
 * between the code and the kernel, so tests can fake or wrap it. None of the calls follows a
 * symbolic link at the final path component unless it says so. Every failure is an
 * {@link IOException} naming the call, the path and the errno ({@link ErrnoException} for the
 * real implementation); a full disk is a {@link java.nio.file.FileSystemException} whose
 * reason is "No space left on device".
 */
public interface LinuxSyscalls {

  int S_IFIFO = 0010000;
  int S_IFCHR = 0020000;
  int S_IFBLK = 0060000;

  /** The system calls of this machine's kernel. */
  static LinuxSyscalls get() {
    return JnaLinuxSyscalls.INSTANCE;
  }

  /**
   * Creates a device node or FIFO.
   *
   * @param mode the type ({@link #S_IFCHR}, {@link #S_IFBLK}, {@link #S_IFIFO}) or'ed with the
   *     permission bits; the process umask still applies to the latter
   */
  void mknod(Path path, int mode, int major, int minor) throws IOException;

  /** Sets numeric owner and group, of a symbolic link itself rather than its target. */
  void lchown(Path path, int uid, int gid) throws IOException;

  /** Sets (creates or replaces) an extended attribute, of a symbolic link itself. */
  void lsetxattr(Path path, String name, byte[] value) throws IOException;

  /** An extended attribute's value, of a symbolic link itself; null when it is absent. */
  byte[] lgetxattr(Path path, String name) throws IOException;

  /** Sets access and modification times to the nanosecond, of a symbolic link itself. */
  void lutimes(Path path, FileTime atime, FileTime mtime) throws IOException;

  /** Size and fill of the file system holding {@code path}. */
  FsUsage statfs(Path path) throws IOException;

  long MS_RDONLY = 1;
  long MS_NOSUID = 2;
  long MS_NODEV = 4;
  long MS_NOEXEC = 8;
  long MS_REMOUNT = 32;
  long MS_BIND = 4096;
  long MS_REC = 16384;
  long MS_PRIVATE = 1 << 18;

  /**
   * mount(2): mounts {@code source} of type {@code fsType} (null for a bind or a propagation
   * change) at {@code target} with the MS_* {@code flags} and file-system {@code data}
   * (options such as {@code lowerdir=...}, or null).
   */
  void mount(String source, Path target, String fsType, long flags, String data) throws IOException;

  /**
   * Unmounts whatever is mounted at {@code path} (not following a symlink there is the caller's
   * care); {@code detach} lets a busy mount go lazily (MNT_DETACH).
   */
  void unmount(Path path, boolean detach) throws IOException;

  /**
   * mount(2) as if the process's working directory were {@code workingDir}: relative paths in
   * {@code source} and {@code data} (overlay's {@code lowerdir}, {@code upperdir},
   * {@code workdir}) resolve against it, which keeps long option strings under the kernel's one
   * page. The JVM's own working directory never changes. Fakes that do not mount have nothing
   * to resolve against: the default refuses.
   */
  default void mountIn(Path workingDir, String source, Path target, String fsType, long flags, String data)
      throws IOException {
    throw new UnsupportedOperationException("mountIn needs the real system calls");
  }

  /**
   * Sets all twelve permission bits, setuid, setgid and sticky included (which
   * {@code PosixFilePermission} cannot express). Follows symbolic links, like chmod(2): call it
   * only on a path known not to be one. The default serves fakes; the real one calls chmod(2).
   */
  default void chmod(Path path, int mode) throws IOException {
    Files.setAttribute(path, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Creates a symbolic link holding {@code target} byte for byte. The default serves fakes and
   * lets {@link Path} normalise the target (dropping doubled and trailing slashes); the real
   * one calls symlink(2) with the text as given.
   */
  default void symlink(String target, Path link) throws IOException {
    Files.createSymbolicLink(link, Path.of(target));
  }
}

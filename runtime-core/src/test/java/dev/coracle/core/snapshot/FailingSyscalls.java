package dev.coracle.core.snapshot;

import dev.coracle.core.sys.FsUsage;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** The real system calls, except that the mounts a test picks fail. */
final class FailingSyscalls implements LinuxSyscalls {

  /** Which mount calls fail. */
  interface MountFilter {
    boolean fails(String fsType, long flags);
  }

  static boolean isOverlay(String fsType, long flags) {
    return "overlay".equals(fsType);
  }

  static boolean isRemount(String fsType, long flags) {
    return (flags & MS_REMOUNT) != 0;
  }

  private final LinuxSyscalls real;
  private final MountFilter failing;

  FailingSyscalls(LinuxSyscalls real, MountFilter failing) {
    this.real = real;
    this.failing = failing;
  }

  @Override
  public void mount(String source, Path target, String fsType, long flags, String data) throws IOException {
    if (failing.fails(fsType, flags)) {
      throw new IOException("injected");
    }
    real.mount(source, target, fsType, flags, data);
  }

  @Override
  public void mountIn(Path workingDir, String source, Path target, String fsType, long flags, String data)
      throws IOException {
    if (failing.fails(fsType, flags)) {
      throw new IOException("injected");
    }
    real.mountIn(workingDir, source, target, fsType, flags, data);
  }

  @Override
  public void unmount(Path path, boolean detach) throws IOException {
    real.unmount(path, detach);
  }

  @Override
  public void mknod(Path path, int mode, int major, int minor) throws IOException {
    real.mknod(path, mode, major, minor);
  }

  @Override
  public void lchown(Path path, int uid, int gid) throws IOException {
    real.lchown(path, uid, gid);
  }

  @Override
  public void lsetxattr(Path path, String name, byte[] value) throws IOException {
    real.lsetxattr(path, name, value);
  }

  @Override
  public byte[] lgetxattr(Path path, String name) throws IOException {
    return real.lgetxattr(path, name);
  }

  @Override
  public void lutimes(Path path, FileTime atime, FileTime mtime) throws IOException {
    real.lutimes(path, atime, mtime);
  }

  @Override
  public FsUsage statfs(Path path) throws IOException {
    return real.statfs(path);
  }

  @Override
  public void chmod(Path path, int mode) throws IOException {
    real.chmod(path, mode);
  }

  @Override
  public void symlink(String target, Path link) throws IOException {
    real.symlink(target, link);
  }
}

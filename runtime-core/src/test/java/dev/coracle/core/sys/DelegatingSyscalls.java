package dev.coracle.core.sys;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** The real system calls, every one passed through, for tests to override one with a fault. */
public class DelegatingSyscalls implements LinuxSyscalls {

  private final LinuxSyscalls real;

  public DelegatingSyscalls(LinuxSyscalls real) {
    this.real = real;
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
  public void unmount(Path path, boolean detach) throws IOException {
    real.unmount(path, detach);
  }

  @Override
  public void mount(String source, Path target, String fsType, long flags, String data) throws IOException {
    real.mount(source, target, fsType, flags, data);
  }

  @Override
  public void mountIn(Path workingDir, String source, Path target, String fsType, long flags, String data)
      throws IOException {
    real.mountIn(workingDir, source, target, fsType, flags, data);
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

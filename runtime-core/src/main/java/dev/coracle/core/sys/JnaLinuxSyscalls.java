package dev.coracle.core.sys;

import com.sun.jna.Native;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;

/** {@link LinuxSyscalls} through the C library, loaded with JNA. */
public final class JnaLinuxSyscalls implements LinuxSyscalls {

  private static final int MNT_DETACH = 2;

  private static final LibC LIBC = LibC.load();

  static final JnaLinuxSyscalls INSTANCE = new JnaLinuxSyscalls();

  private final LibC libc;

  /** Prefer {@link LinuxSyscalls#get()}; the C library is loaded once either way. */
  public JnaLinuxSyscalls() {
    this.libc = LIBC;
  }

  @Override
  public void mknod(Path path, int mode, int major, int minor) throws ErrnoException {
    check("mknod", path, libc.mknod(path.toString(), mode, makedev(major, minor)));
  }

  @Override
  public void lchown(Path path, int uid, int gid) throws ErrnoException {
    check("lchown", path, libc.lchown(path.toString(), uid, gid));
  }

  @Override
  public void unmount(Path path, boolean detach) throws ErrnoException {
    check("umount2", path, libc.umount2(path.toString(), detach ? MNT_DETACH : 0));
  }

  @Override
  public void mount(String source, Path target, String fsType, long flags, String data) throws ErrnoException {
    if (data != null) {
      requireNoNul(data, "mount data");
    }
    check("mount", target, libc.mount(source, target.toString(), fsType, flags, data));
  }

  /**
   * On a new platform thread that first unshares its file-system attributes, so its chdir is
   * its own: threads of one process share one working directory otherwise. A virtual thread
   * would not do, its carrier could change between the calls. The thread ends with the call.
   */
  @Override
  public void mountIn(Path workingDir, String source, Path target, String fsType, long flags, String data)
      throws ErrnoException {
    if (data != null) {
      requireNoNul(data, "mount data");
    }
    Path absoluteTarget = target.toAbsolutePath();
    ErrnoException[] failure = new ErrnoException[1];
    Thread mounter = Thread.ofPlatform().name("mount-in " + workingDir).unstarted(() -> {
      try {
        check("unshare CLONE_FS", workingDir, libc.unshare(LibC.CLONE_FS));
        check("chdir", workingDir, libc.chdir(workingDir.toString()));
        check("mount", absoluteTarget, libc.mount(source, absoluteTarget.toString(), fsType, flags, data));
      } catch (ErrnoException e) {
        failure[0] = e;
      }
    });
    mounter.start();
    joinUninterruptibly(mounter);
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  /** The mount happens whether or not the caller is interrupted; return only once it has. */
  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void chmod(Path path, int mode) throws ErrnoException {
    check("chmod", path, libc.chmod(path.toString(), mode & 07777));
  }

  @Override
  public void symlink(String target, Path link) throws ErrnoException {
    requireNoNul(target, "symbolic link target");
    check("symlink", link, libc.symlink(target, link.toString()));
  }

  @Override
  public void lsetxattr(Path path, String name, byte[] value) throws ErrnoException {
    requireNoNul(name, "extended attribute name");
    check("lsetxattr " + name, path, libc.lsetxattr(path.toString(), name, value, value.length, 0));
  }

  @Override
  public byte[] lgetxattr(Path path, String name) throws ErrnoException {
    requireNoNul(name, "extended attribute name");
    String file = path.toString();
    while (true) {
      long size = libc.lgetxattr(file, name, null, 0);
      if (size >= 0) {
        byte[] value = new byte[(int) size];
        long read = libc.lgetxattr(file, name, value, value.length);
        if (read >= 0) {
          return read == size ? value : Arrays.copyOf(value, (int) read);
        }
      }
      int errno = Native.getLastError();
      if (errno == Errno.ENODATA) {
        return null;
      }
      if (errno != Errno.ERANGE) { // ERANGE: the value grew between the two calls; ask again
        throw new ErrnoException("lgetxattr " + name, path, errno);
      }
    }
  }

  @Override
  public void lutimes(Path path, FileTime atime, FileTime mtime) throws ErrnoException {
    LibC.Timespec[] times = (LibC.Timespec[]) new LibC.Timespec().toArray(2);
    set(times[0], atime.toInstant());
    set(times[1], mtime.toInstant());
    check("utimensat", path, libc.utimensat(LibC.AT_FDCWD, path.toString(), times, LibC.AT_SYMLINK_NOFOLLOW));
  }

  @Override
  public FsUsage statfs(Path path) throws ErrnoException {
    LibC.Statfs stat = new LibC.Statfs();
    check("statfs", path, libc.statfs(path.toString(), stat));
    // Block counts are in fragment-size units; file systems that leave it 0 mean the block size.
    long unit = stat.f_frsize != 0 ? stat.f_frsize : stat.f_bsize;
    return new FsUsage(stat.f_blocks * unit, stat.f_bavail * unit, stat.f_files, stat.f_ffree);
  }

  /** glibc's {@code makedev}: 12 bits of major and 8 of minor low, the rest high. */
  static long makedev(int major, int minor) {
    long ma = Integer.toUnsignedLong(major);
    long mi = Integer.toUnsignedLong(minor);
    return ((ma & 0xfffff000L) << 32) | ((ma & 0x00000fffL) << 8)
        | ((mi & 0xffffff00L) << 12) | (mi & 0x000000ffL);
  }

  private static void set(LibC.Timespec timespec, Instant instant) {
    timespec.tv_sec = instant.getEpochSecond();
    timespec.tv_nsec = instant.getNano();
  }

  private static void check(String operation, Path path, int result) throws ErrnoException {
    if (result == -1) {
      throw new ErrnoException(operation, path, Native.getLastError());
    }
  }

  /** C strings end at the first NUL: a name with one would silently mean another name. */
  private static void requireNoNul(String text, String what) {
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " contains a NUL character");
    }
  }
}

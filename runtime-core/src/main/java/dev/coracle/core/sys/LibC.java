package dev.coracle.core.sys;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import java.util.Map;

/**
 * The C library functions the runtime calls, one to one with glibc's prototypes (Linux,
 * 64-bit: {@code size_t}, {@code ssize_t}, {@code dev_t} and {@code long} are Java
 * {@code long}; {@code mode_t}, {@code uid_t} and {@code gid_t} are {@code int}). Every
 * function returns -1 and sets errno on failure; JNA keeps errno per thread for
 * {@link Native#getLastError()}. Only {@link JnaLinuxSyscalls} calls these.
 *
 * <p>{@code mknod} is an exported symbol only since glibc 2.33 (Debian 12, Ubuntu 22.04,
 * RHEL 9); older C libraries export only {@code __xmknod}.
 */
interface LibC extends Library {

  int AT_FDCWD = -100;
  int AT_SYMLINK_NOFOLLOW = 0x100;

  /**
   * Loads the C library with strings encoded as Java encodes file names, so a path that Java
   * can name reaches the kernel as the same bytes.
   */
  static LibC load() {
    String encoding = System.getProperty("sun.jnu.encoding", System.getProperty("native.encoding", "UTF-8"));
    return Native.load("c", LibC.class, Map.of(Library.OPTION_STRING_ENCODING, encoding));
  }

  int mknod(String path, int mode, long dev);

  int lchown(String path, int uid, int gid);

  /** Follows symbolic links: call it only on paths known not to be one. */
  int chmod(String path, int mode);

  int symlink(String target, String linkPath);

  int lsetxattr(String path, String name, byte[] value, long size, int flags);

  /** With a null value and size 0, returns the size the value needs. */
  long lgetxattr(String path, String name, byte[] value, long size);

  /** {@code times} must come from {@code new Timespec().toArray(2)}: two structs back to back. */
  int utimensat(int dirfd, String path, Timespec[] times, int flags);

  int statfs(String path, Statfs buf);

  /**
   * Process-wide, so racy in a multi-threaded JVM: the runtime never changes it and sets
   * modes explicitly with chmod instead; declared for completeness of the mapping.
   */
  int umask(int mask);

  int umount2(String target, int flags);

  /** {@code data} may be null; flags are the kernel's MS_* bits ({@code unsigned long}). */
  int mount(String source, String target, String filesystemtype, long mountflags, String data);

  /** {@code CLONE_FS}: the working directory, root and umask, shared by a process's threads. */
  int CLONE_FS = 0x00000200;

  /** With {@link #CLONE_FS}, gives the calling thread file-system attributes of its own. */
  int unshare(int flags);

  /**
   * The working directory of the calling thread and every thread sharing its file-system
   * attributes: only call it after {@code unshare(CLONE_FS)} on a thread of its own.
   */
  int chdir(String path);

  /** {@code struct timespec}: 16 bytes, seconds then nanoseconds. */
  @FieldOrder({"tv_sec", "tv_nsec"})
  class Timespec extends Structure {
    public long tv_sec;
    public long tv_nsec;
  }

  /**
   * {@code struct statfs} as glibc lays it out on 64-bit Linux (120 bytes; offsets checked
   * with a C program: blocks 16, bavail 32, files 40, ffree 48, fsid 56, frsize 72).
   */
  @FieldOrder({"f_type", "f_bsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree", "f_fsid",
      "f_namelen", "f_frsize", "f_flags", "f_spare"})
  class Statfs extends Structure {
    public long f_type;
    public long f_bsize;
    public long f_blocks;
    public long f_bfree;
    public long f_bavail;
    public long f_files;
    public long f_ffree;
    public int[] f_fsid = new int[2];
    public long f_namelen;
    public long f_frsize;
    public long f_flags;
    public long[] f_spare = new long[4];
  }
}

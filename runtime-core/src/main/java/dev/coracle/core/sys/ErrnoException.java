package dev.coracle.core.sys;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A system call on a path failed. The message names the call, the path and the errno, e.g.
 * {@code mknod /x/dev/null: EPERM (Operation not permitted)}; {@link #getReason()} is the
 * C library's text alone, so a full disk reads "No space left on device" exactly as the JDK's
 * own file operations report it.
 */
public final class ErrnoException extends FileSystemException {

  private final String operation;
  private final int errno;

  public ErrnoException(String operation, Path path, int errno) {
    super(path.toString(), null, Errno.description(errno));
    this.operation = operation;
    this.errno = errno;
  }

  /** The C function that failed, e.g. {@code mknod}. */
  public String operation() {
    return operation;
  }

  public int errno() {
    return errno;
  }

  /** The symbolic errno, e.g. {@code ENOSPC}. */
  public String errnoName() {
    return Errno.name(errno);
  }

  /** True when the file system ran out of blocks, inodes or quota. */
  public boolean isNoSpace() {
    return errno == Errno.ENOSPC || errno == Errno.EDQUOT;
  }

  /** True when the file system does not support the operation (e.g. an xattr namespace). */
  public boolean isNotSupported() {
    return errno == Errno.EOPNOTSUPP;
  }

  @Override
  public String getMessage() {
    return operation + " " + getFile() + ": " + errnoName() + " (" + getReason() + ")";
  }
}

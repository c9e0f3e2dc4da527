package dev.coracle.core.sys;

import java.util.Map;

/**
 * Linux errno numbers (the same on x86_64 and arm64) with glibc's names and messages, for
 * error messages a person can act on.
 */
final class Errno {

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EEXIST = 17;
  static final int ENOSPC = 28;
  static final int ERANGE = 34;
  static final int ENODATA = 61;
  static final int EOPNOTSUPP = 95;
  static final int EDQUOT = 122;

  private record Known(String name, String description) {}

  private static final Map<Integer, Known> KNOWN = Map.ofEntries(
      Map.entry(1, new Known("EPERM", "Operation not permitted")),
      Map.entry(2, new Known("ENOENT", "No such file or directory")),
      Map.entry(3, new Known("ESRCH", "No such process")),
      Map.entry(4, new Known("EINTR", "Interrupted system call")),
      Map.entry(5, new Known("EIO", "Input/output error")),
      Map.entry(6, new Known("ENXIO", "No such device or address")),
      Map.entry(7, new Known("E2BIG", "Argument list too long")),
      Map.entry(9, new Known("EBADF", "Bad file descriptor")),
      Map.entry(11, new Known("EAGAIN", "Resource temporarily unavailable")),
      Map.entry(12, new Known("ENOMEM", "Cannot allocate memory")),
      Map.entry(13, new Known("EACCES", "Permission denied")),
      Map.entry(14, new Known("EFAULT", "Bad address")),
      Map.entry(16, new Known("EBUSY", "Device or resource busy")),
      Map.entry(17, new Known("EEXIST", "File exists")),
      Map.entry(18, new Known("EXDEV", "Invalid cross-device link")),
      Map.entry(19, new Known("ENODEV", "No such device")),
      Map.entry(20, new Known("ENOTDIR", "Not a directory")),
      Map.entry(21, new Known("EISDIR", "Is a directory")),
      Map.entry(22, new Known("EINVAL", "Invalid argument")),
      Map.entry(23, new Known("ENFILE", "Too many open files in system")),
      Map.entry(24, new Known("EMFILE", "Too many open files")),
      Map.entry(26, new Known("ETXTBSY", "Text file busy")),
      Map.entry(27, new Known("EFBIG", "File too large")),
      Map.entry(28, new Known("ENOSPC", "No space left on device")),
      Map.entry(30, new Known("EROFS", "Read-only file system")),
      Map.entry(31, new Known("EMLINK", "Too many links")),
      Map.entry(34, new Known("ERANGE", "Numerical result out of range")),
      Map.entry(36, new Known("ENAMETOOLONG", "File name too long")),
      Map.entry(38, new Known("ENOSYS", "Function not implemented")),
      Map.entry(39, new Known("ENOTEMPTY", "Directory not empty")),
      Map.entry(40, new Known("ELOOP", "Too many levels of symbolic links")),
      Map.entry(61, new Known("ENODATA", "No data available")),
      Map.entry(75, new Known("EOVERFLOW", "Value too large for defined data type")),
      Map.entry(95, new Known("EOPNOTSUPP", "Operation not supported")),
      Map.entry(122, new Known("EDQUOT", "Disk quota exceeded")));

  private Errno() {}

  static String name(int errno) {
    Known known = KNOWN.get(errno);
    return known != null ? known.name() : "errno " + errno;
  }

  static String description(int errno) {
    Known known = KNOWN.get(errno);
    return known != null ? known.description() : "Unknown error " + errno;
  }
}

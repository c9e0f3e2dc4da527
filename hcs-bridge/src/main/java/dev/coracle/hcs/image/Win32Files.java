package dev.coracle.hcs.image;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.core.error.InternalException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * The kernel32 calls of the layer writers on paths under one root, each result checked: a
 * failure is an {@link InternalException} naming the call, the layer-relative path and the
 * Win32 error. Every object is opened with backup semantics (the privileges, not the ACLs,
 * decide) and never through a reparse point (WINDOWS.md §3).
 */
final class Win32Files {

  /** 100-ns intervals from 1601-01-01 to 1970-01-01. */
  private static final long EPOCH_AS_FILETIME = 116_444_736_000_000_000L;
  private static final int FLAGS = BackupApi.FILE_FLAG_BACKUP_SEMANTICS | BackupApi.FILE_FLAG_OPEN_REPARSE_POINT;
  private static final int SHARE_ALL = BackupApi.FILE_SHARE_READ | BackupApi.FILE_SHARE_WRITE
      | BackupApi.FILE_SHARE_DELETE;

  private final BackupApi api;
  private final String root;

  Win32Files(BackupApi api, Path root) {
    this.api = api;
    this.root = root.toAbsolutePath().toString();
  }

  /** Opens (or with {@link BackupApi#CREATE_NEW} creates) {@code path}. */
  Pointer open(String path, int access, int disposition) {
    Pointer handle;
    try {
      handle = api.CreateFileW(new WString(windowsPath(path)), access, BackupApi.FILE_SHARE_READ, null, disposition,
          FLAGS, null);
    } catch (LastErrorException e) {
      throw failed("CreateFileW", path, e.getErrorCode());
    }
    return valid(handle, path);
  }

  void createDirectory(String path) {
    call("CreateDirectoryW", path, () -> api.CreateDirectoryW(new WString(windowsPath(path)), null));
  }

  /** Sets the four times of {@code entry} and {@code attributes} (0 leaves the attributes as they are). */
  void setBasicInfo(Pointer handle, String path, WindowsLayerEntry entry, int attributes) {
    BackupApi.FileBasicInfo info = new BackupApi.FileBasicInfo();
    info.CreationTime = fileTime(entry.created());
    info.LastAccessTime = fileTime(entry.accessed());
    info.LastWriteTime = fileTime(entry.modified());
    info.ChangeTime = fileTime(entry.changed());
    info.FileAttributes = attributes;
    call("SetFileInformationByHandle", path,
        () -> api.SetFileInformationByHandle(handle, BackupApi.FILE_BASIC_INFO_CLASS, info, info.size()));
  }

  /** Writes {@code length} bytes of backup streams; {@code context} lives until {@link #endBackup}. */
  void backupWrite(Pointer handle, String path, byte[] bytes, int length, boolean processSecurity,
      PointerByReference context) {
    IntByReference written = new IntByReference();
    call("BackupWrite", path, () -> api.BackupWrite(handle, bytes, length, written, false, processSecurity, context));
    requireAll("BackupWrite", path, written.getValue(), length);
  }

  /** Ends a BackupWrite session: the call with {@code abort} set frees its context. */
  void endBackup(Pointer handle, String path, boolean processSecurity, PointerByReference context) {
    call("BackupWrite", path, () -> api.BackupWrite(handle, null, 0, new IntByReference(), true, processSecurity,
        context));
  }

  /** Writes plain bytes at the file's current position. */
  void writeFile(Pointer handle, String path, byte[] bytes, int length) {
    IntByReference written = new IntByReference();
    call("WriteFile", path, () -> api.WriteFile(handle, bytes, length, written, null));
    requireAll("WriteFile", path, written.getValue(), length);
  }

  void close(Pointer handle, String path) {
    call("CloseHandle", path, () -> api.CloseHandle(handle));
  }

  /** Makes {@code path} a hard link to {@code target}, both under this root. */
  void hardLink(String path, String target) {
    call("CreateHardLinkW", path,
        () -> api.CreateHardLinkW(new WString(windowsPath(path)), new WString(windowsPath(target)), null));
  }

  /**
   * Deletes a file, an empty directory or a link itself (never what it points at), if it is
   * there: opened for delete-on-close and closed.
   *
   * @return whether there was one
   */
  boolean deleteIfPresent(String path) {
    Pointer handle;
    try {
      handle = api.CreateFileW(new WString(windowsPath(path)), BackupApi.DELETE, SHARE_ALL, null,
          BackupApi.OPEN_EXISTING, FLAGS | BackupApi.FILE_FLAG_DELETE_ON_CLOSE, null);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == BackupApi.ERROR_FILE_NOT_FOUND || e.getErrorCode() == BackupApi.ERROR_PATH_NOT_FOUND) {
        return false;
      }
      throw failed("CreateFileW", path, e.getErrorCode());
    }
    close(valid(handle, path), path);
    return true;
  }

  /** {@code \\?\} and the absolute path: no length limit, no name rewriting (trailing dots, device names). */
  String windowsPath(String layerPath) {
    String absolute = root + "\\" + layerPath.replace('/', '\\');
    return absolute.startsWith("\\\\?\\") ? absolute : "\\\\?\\" + absolute;
  }

  static long fileTime(FileTime time) {
    if (time == null) {
      return 0;
    }
    var instant = time.toInstant();
    return EPOCH_AS_FILETIME + instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100;
  }

  private static Pointer valid(Pointer handle, String path) {
    if (handle == null || BackupApi.INVALID_HANDLE_VALUE.equals(handle)) {
      throw failed("CreateFileW", path, 0);
    }
    return handle;
  }

  private static void requireAll(String function, String path, int written, int length) {
    if (written != length) {
      throw new InternalException(function + " of " + path + " wrote " + written + " of " + length + " bytes");
    }
  }

  private interface Win32Call {
    boolean run() throws LastErrorException;
  }

  private static void call(String function, String path, Win32Call call) {
    boolean ok;
    try {
      ok = call.run();
    } catch (LastErrorException e) {
      throw failed(function, path, e.getErrorCode());
    }
    if (!ok) {
      throw failed(function, path, 0);
    }
  }

  private static InternalException failed(String function, String path, int error) {
    return new InternalException(function + " failed for " + path + " in a Windows layer"
        + (error == 0 ? "" : ": Win32 error " + error));
  }
}

package dev.coracle.hcs.image;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.UnimplementedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a Windows base layer the way Windows itself restores files (WINDOWS.md §3, hcsshim's
 * base layer writer): each object created under the layer directory with backup semantics,
 * its attributes and times set, then its security descriptor, EAs, reparse data, contents and
 * alternate data streams written as {@code BackupWrite} streams; hard links with
 * {@code CreateHardLinkW}. Directory times are set again at the end, since writing their
 * children changed them. The process needs SeBackupPrivilege, SeRestorePrivilege and
 * SeSecurityPrivilege enabled.
 *
 * <p>Layers above a base are written into a staging directory in the legacy format that
 * {@code ImportLayer} reads; that writer is not here yet (see {@link #factory} and the
 * package description for the plan).
 */
public final class BackupLayerWriter implements WindowsLayerWriter {

  private static final int CHUNK = 64 * 1024;
  /** 100-ns intervals from 1601-01-01 to 1970-01-01. */
  private static final long EPOCH_AS_FILETIME = 116_444_736_000_000_000L;
  private static final int ACCESS = BackupApi.GENERIC_READ | BackupApi.GENERIC_WRITE | BackupApi.WRITE_DAC
      | BackupApi.WRITE_OWNER | BackupApi.ACCESS_SYSTEM_SECURITY;
  private static final int FLAGS = BackupApi.FILE_FLAG_BACKUP_SEMANTICS | BackupApi.FILE_FLAG_OPEN_REPARSE_POINT;

  private final BackupApi api;
  private final String root;
  private final List<WindowsLayerEntry> directories = new ArrayList<>();
  private Pointer current;
  private String currentPath;
  private PointerByReference context;
  /** Set once a call failed: the layer is abandoned, so directory times are not set again. */
  private boolean broken;

  BackupLayerWriter(BackupApi api, Path root) {
    this.api = api;
    this.root = root.toAbsolutePath().toString();
  }

  /**
   * Writers for base layers over {@code api}. A layer with parents is refused as
   * unimplemented: its legacy staging format (files prefixed with their attributes and holding
   * raw backup streams, hives through {@code BackupWrite}, {@code tombstones.txt}) is still to
   * be written against hcsshim's {@code legacy.go}.
   */
  public static Factory factory(BackupApi api) {
    return (root, parents) -> {
      if (!parents.isEmpty()) {
        throw new UnimplementedException("writing Windows layers above a base layer (the legacy staging format"
            + " ImportLayer reads) is not implemented yet");
      }
      return new BackupLayerWriter(api, root);
    };
  }

  @Override
  public void add(WindowsLayerEntry entry, InputStream data) {
    try {
      writeEntry(entry, data);
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  private void writeEntry(WindowsLayerEntry entry, InputStream data) {
    if (entry.kind() == WindowsLayerEntry.Kind.ALTERNATE_STREAM) {
      if (current == null || !entry.path().equals(currentPath)) {
        throw new InvalidArgumentException("the stream " + entry.stream() + " of " + entry.path() + " does not follow its file");
      }
      write(BackupStreams.header(BackupStreams.BACKUP_ALTERNATE_DATA, entry.size(),
          BackupStreams.alternateStreamName(entry.stream())));
      copy(data, entry.size());
      return;
    }
    finishCurrent();
    boolean directory = entry.kind() == WindowsLayerEntry.Kind.DIRECTORY
        || (entry.attributes() & WindowsLayerEntry.FILE_ATTRIBUTE_DIRECTORY) != 0;
    String path = windowsPath(entry.path());
    if (directory) {
      call("CreateDirectoryW", entry.path(), () -> api.CreateDirectoryW(new WString(path), null));
      directories.add(entry);
    }
    current = open(entry.path(), directory ? BackupApi.OPEN_EXISTING : BackupApi.CREATE_NEW);
    currentPath = entry.path();
    context = new PointerByReference();
    setBasicInfo(current, entry);
    if (entry.securityDescriptor() != null) {
      write(BackupStreams.stream(BackupStreams.BACKUP_SECURITY_DATA, entry.securityDescriptor()));
    }
    if (!entry.extendedAttributes().isEmpty()) {
      write(BackupStreams.stream(BackupStreams.BACKUP_EA_DATA,
          BackupStreams.extendedAttributes(entry.extendedAttributes())));
    }
    if (entry.kind() == WindowsLayerEntry.Kind.SYMLINK) {
      write(BackupStreams.stream(BackupStreams.BACKUP_REPARSE_DATA,
          BackupStreams.reparsePoint(entry.linkTarget(), entry.mountPoint())));
    }
    if (entry.kind() == WindowsLayerEntry.Kind.FILE && entry.size() > 0) {
      write(BackupStreams.header(BackupStreams.BACKUP_DATA, entry.size(), ""));
      copy(data, entry.size());
    }
  }

  @Override
  public void link(String path, String target) {
    try {
      finishCurrent();
      call("CreateHardLinkW", path,
          () -> api.CreateHardLinkW(new WString(windowsPath(path)), new WString(windowsPath(target)), null));
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /** A base layer has nothing below it to delete; the importer refuses its whiteouts first. */
  @Override
  public void remove(String path) {
    throw new InvalidArgumentException("a base layer has nothing below it to delete: " + path);
  }

  @Override
  public void close() {
    finishCurrent();
    if (broken) {
      return;
    }
    // Children changed their directories' times: set them again, deepest first.
    for (int i = directories.size() - 1; i >= 0; i--) {
      WindowsLayerEntry directory = directories.get(i);
      Pointer handle = open(directory.path(), BackupApi.OPEN_EXISTING);
      try {
        setBasicInfo(handle, directory);
      } finally {
        closeHandle(handle, directory.path());
      }
    }
    directories.clear();
  }

  /** Ends the BackupWrite session of the current object (freeing its context) and closes it. */
  private void finishCurrent() {
    if (current == null) {
      return;
    }
    Pointer handle = current;
    String path = currentPath;
    current = null;
    currentPath = null;
    try {
      call("BackupWrite", path, () -> api.BackupWrite(handle, null, 0, new IntByReference(), true, true, context));
    } finally {
      context = null;
      closeHandle(handle, path);
    }
  }

  private Pointer open(String path, int disposition) {
    Pointer handle;
    try {
      handle = api.CreateFileW(new WString(windowsPath(path)), ACCESS, BackupApi.FILE_SHARE_READ, null, disposition,
          FLAGS, null);
    } catch (LastErrorException e) {
      throw failed("CreateFileW", path, e.getErrorCode());
    }
    if (handle == null || BackupApi.INVALID_HANDLE_VALUE.equals(handle)) {
      throw failed("CreateFileW", path, 0);
    }
    return handle;
  }

  private void setBasicInfo(Pointer handle, WindowsLayerEntry entry) {
    BackupApi.FileBasicInfo info = new BackupApi.FileBasicInfo();
    info.CreationTime = fileTime(entry.created());
    info.LastAccessTime = fileTime(entry.accessed());
    info.LastWriteTime = fileTime(entry.modified());
    info.ChangeTime = fileTime(entry.changed());
    info.FileAttributes = entry.attributes();
    call("SetFileInformationByHandle", entry.path(),
        () -> api.SetFileInformationByHandle(handle, BackupApi.FILE_BASIC_INFO_CLASS, info, info.size()));
  }

  private void write(byte[] bytes) {
    write(bytes, bytes.length);
  }

  private void write(byte[] bytes, int length) {
    IntByReference written = new IntByReference();
    call("BackupWrite", currentPath, () -> api.BackupWrite(current, bytes, length, written, false, true, context));
    if (written.getValue() != length) {
      throw new InternalException("BackupWrite of " + currentPath + " wrote " + written.getValue() + " of " + length
          + " bytes");
    }
  }

  private void copy(InputStream data, long size) {
    byte[] buffer = new byte[CHUNK];
    long left = size;
    try {
      while (left > 0) {
        int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new InvalidArgumentException(currentPath + " ends " + left + " bytes short of its size " + size);
        }
        write(buffer, n);
        left -= n;
      }
    } catch (IOException e) {
      throw new InternalException("cannot read the layer data of " + currentPath + ": " + e.getMessage(), e);
    }
  }

  private void closeHandle(Pointer handle, String path) {
    call("CloseHandle", path, () -> api.CloseHandle(handle));
  }

  /** {@code \\?\} and the absolute path: no length limit, no name rewriting (trailing dots, device names). */
  private String windowsPath(String layerPath) {
    String absolute = root + "\\" + layerPath.replace('/', '\\');
    return absolute.startsWith("\\\\?\\") ? absolute : "\\\\?\\" + absolute;
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

  static long fileTime(FileTime time) {
    if (time == null) {
      return 0;
    }
    var instant = time.toInstant();
    return EPOCH_AS_FILETIME + instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100;
  }
}

package dev.coracle.hcs.image;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stands in for kernel32 as a layer writer uses it: hands out handles, keeps what
 * {@code BackupWrite} and {@code WriteFile} receive per path, checks that nothing touches a
 * closed handle and that every backup context is released before its handle closes, answers
 * a delete-on-close open with "not found" unless the path was made {@link #existing}, and
 * fails a chosen call. Paths are shown relative to the layer ({@code Files\a}) or, under a
 * staging directory, as {@code staging\Files\a}.
 */
final class RecordingBackupApi implements BackupApi {

  final List<String> calls = new ArrayList<>();
  final Map<String, ByteArrayOutputStream> written = new LinkedHashMap<>();
  final Map<String, List<FileBasicInfo>> basicInfo = new LinkedHashMap<>();
  final Set<String> directories = new TreeSet<>();
  final Map<String, String> hardLinks = new LinkedHashMap<>();
  /** What WriteFile wrote, per path. */
  final Map<String, ByteArrayOutputStream> plain = new LinkedHashMap<>();
  /** Paths written through BackupWrite with processSecurity false. */
  final Set<String> withoutSecurity = new TreeSet<>();
  /** Paths a delete-on-close open finds (and then deletes); every other is ERROR_FILE_NOT_FOUND. */
  final Set<String> existing = new TreeSet<>();
  final List<String> deleted = new ArrayList<>();
  private final Set<Long> deleteOnClose = new java.util.HashSet<>();
  private final Map<Long, String> open = new HashMap<>();
  private final Map<Long, Boolean> contextLive = new HashMap<>();
  private long nextHandle = 0x100;
  /** A call name ("BackupWrite", "CreateFileW", ...) to fail with ERROR_ACCESS_DENIED. */
  String failing;
  final List<String> problems = new ArrayList<>();

  /** The handles still open. */
  Set<String> openPaths() {
    return new TreeSet<>(open.values());
  }

  @Override
  public Pointer CreateFileW(WString fileName, int desiredAccess, int shareMode, Pointer securityAttributes,
      int creationDisposition, int flagsAndAttributes, Pointer templateFile) {
    String path = fileName.toString();
    boolean delete = (flagsAndAttributes & FILE_FLAG_DELETE_ON_CLOSE) != 0;
    calls.add("CreateFileW " + relative(path) + (delete ? " delete" : creationDisposition == CREATE_NEW ? " new" : " existing"));
    fail("CreateFileW");
    if (delete && ((desiredAccess & DELETE) == 0 || creationDisposition != OPEN_EXISTING)) {
      problems.add("delete-on-close without DELETE access or OPEN_EXISTING: " + path);
    }
    if (delete && !existing.remove(relative(path))) {
      throw new LastErrorException(ERROR_FILE_NOT_FOUND);
    }
    if ((flagsAndAttributes & FILE_FLAG_BACKUP_SEMANTICS) == 0 || (flagsAndAttributes & FILE_FLAG_OPEN_REPARSE_POINT) == 0) {
      problems.add("opened without backup semantics or following reparse points: " + path);
    }
    if (!path.startsWith("\\\\?\\")) {
      problems.add("not a \\\\?\\ path: " + path);
    }
    long handle = nextHandle++;
    open.put(handle, path);
    if (delete) {
      deleteOnClose.add(handle);
    }
    return new Pointer(handle);
  }

  @Override
  public boolean CreateDirectoryW(WString pathName, Pointer securityAttributes) {
    calls.add("CreateDirectoryW " + relative(pathName.toString()));
    fail("CreateDirectoryW");
    directories.add(relative(pathName.toString()));
    return true;
  }

  @Override
  public boolean CreateHardLinkW(WString fileName, WString existingFileName, Pointer reserved) {
    calls.add("CreateHardLinkW " + relative(fileName.toString()) + " -> " + relative(existingFileName.toString()));
    fail("CreateHardLinkW");
    hardLinks.put(relative(fileName.toString()), relative(existingFileName.toString()));
    return true;
  }

  @Override
  public boolean BackupWrite(Pointer file, byte[] buffer, int numberOfBytesToWrite, IntByReference numberOfBytesWritten,
      boolean abort, boolean processSecurity, PointerByReference context) {
    String path = path(file);
    if (!processSecurity) {
      withoutSecurity.add(relative(path));
    }
    if (abort) {
      calls.add("BackupWrite end " + relative(path));
      contextLive.remove(Pointer.nativeValue(file));
      return true;
    }
    fail("BackupWrite");
    contextLive.put(Pointer.nativeValue(file), true);
    written.computeIfAbsent(relative(path), p -> new ByteArrayOutputStream()).write(buffer, 0, numberOfBytesToWrite);
    numberOfBytesWritten.setValue(numberOfBytesToWrite);
    return true;
  }

  @Override
  public boolean WriteFile(Pointer file, byte[] buffer, int numberOfBytesToWrite, IntByReference numberOfBytesWritten,
      Pointer overlapped) {
    String path = path(file);
    fail("WriteFile");
    if (contextLive.containsKey(Pointer.nativeValue(file))) {
      problems.add("WriteFile into a BackupWrite session: " + path);
    }
    plain.computeIfAbsent(relative(path), p -> new ByteArrayOutputStream()).write(buffer, 0, numberOfBytesToWrite);
    numberOfBytesWritten.setValue(numberOfBytesToWrite);
    return true;
  }

  @Override
  public boolean SetFileInformationByHandle(Pointer file, int informationClass, FileBasicInfo information, int size) {
    String path = path(file);
    if (informationClass != FILE_BASIC_INFO_CLASS || size != 40) {
      problems.add("SetFileInformationByHandle class " + informationClass + " size " + size);
    }
    FileBasicInfo copy = new FileBasicInfo();
    copy.CreationTime = information.CreationTime;
    copy.LastAccessTime = information.LastAccessTime;
    copy.LastWriteTime = information.LastWriteTime;
    copy.ChangeTime = information.ChangeTime;
    copy.FileAttributes = information.FileAttributes;
    basicInfo.computeIfAbsent(relative(path), p -> new ArrayList<>()).add(copy);
    fail("SetFileInformationByHandle");
    return true;
  }

  @Override
  public boolean CloseHandle(Pointer handle) {
    long value = Pointer.nativeValue(handle);
    String path = open.remove(value);
    if (path == null) {
      problems.add("CloseHandle of a handle not open: " + value);
    } else if (contextLive.containsKey(value)) {
      problems.add("closed with its backup context still live: " + path);
    }
    calls.add("CloseHandle " + (path == null ? value : relative(path)));
    if (deleteOnClose.remove(value)) {
      deleted.add(relative(path));
    }
    return true;
  }

  private String path(Pointer handle) {
    String path = open.get(Pointer.nativeValue(handle));
    if (path == null) {
      problems.add("use of a handle not open: " + Pointer.nativeValue(handle));
      return "?";
    }
    return path;
  }

  private void fail(String call) {
    if (call.equals(failing)) {
      throw new LastErrorException(5);
    }
  }

  /** The part after the layer root's last "\\layer\\", or "staging\\" and the part after the staging directory. */
  private static String relative(String path) {
    int staging = path.lastIndexOf(".staging-");
    if (staging >= 0) {
      int slash = path.indexOf('\\', staging);
      return slash < 0 ? "staging" : "staging" + path.substring(slash);
    }
    int at = path.lastIndexOf("layer\\");
    return at < 0 ? path : path.substring(at + "layer\\".length());
  }
}

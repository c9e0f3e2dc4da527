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
 * {@code BackupWrite} receives per path, checks that nothing touches a closed handle and that
 * every backup context is released before its handle closes, and fails a chosen call.
 */
final class RecordingBackupApi implements BackupApi {

  final List<String> calls = new ArrayList<>();
  final Map<String, ByteArrayOutputStream> written = new LinkedHashMap<>();
  final Map<String, List<FileBasicInfo>> basicInfo = new LinkedHashMap<>();
  final Set<String> directories = new TreeSet<>();
  final Map<String, String> hardLinks = new LinkedHashMap<>();
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
    calls.add("CreateFileW " + relative(path) + (creationDisposition == CREATE_NEW ? " new" : " existing"));
    fail("CreateFileW");
    if ((flagsAndAttributes & FILE_FLAG_BACKUP_SEMANTICS) == 0 || (flagsAndAttributes & FILE_FLAG_OPEN_REPARSE_POINT) == 0) {
      problems.add("opened without backup semantics or following reparse points: " + path);
    }
    if (!path.startsWith("\\\\?\\")) {
      problems.add("not a \\\\?\\ path: " + path);
    }
    long handle = nextHandle++;
    open.put(handle, path);
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
      problems.add("BackupWrite without processSecurity: " + path);
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

  /** The part after the layer root's last "\\layer\\". */
  private static String relative(String path) {
    int at = path.lastIndexOf("layer\\");
    return at < 0 ? path : path.substring(at + "layer\\".length());
  }
}

package dev.coracle.hcs.image;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The kernel32.dll calls a Windows layer writer needs, mirrored one to one (WINDOWS.md §3).
 * Each declares {@link LastErrorException}: JNA clears the thread's last error before the call
 * and throws with {@code GetLastError()} when the call set one, so a fake throws the same.
 */
public interface BackupApi extends Library {

  int GENERIC_READ = 0x80000000;
  int GENERIC_WRITE = 0x40000000;
  int WRITE_DAC = 0x00040000;
  int WRITE_OWNER = 0x00080000;
  int ACCESS_SYSTEM_SECURITY = 0x01000000;
  int DELETE = 0x00010000;
  int FILE_SHARE_READ = 0x1;
  int FILE_SHARE_WRITE = 0x2;
  int FILE_SHARE_DELETE = 0x4;
  int CREATE_NEW = 1;
  int OPEN_EXISTING = 3;
  int FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;
  int FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000;
  int FILE_FLAG_DELETE_ON_CLOSE = 0x04000000;
  int ERROR_FILE_NOT_FOUND = 2;
  int ERROR_PATH_NOT_FOUND = 3;
  /** {@code FILE_INFO_BY_HANDLE_CLASS.FileBasicInfo}. */
  int FILE_BASIC_INFO_CLASS = 0;
  /** {@code INVALID_HANDLE_VALUE}, (HANDLE) -1. */
  Pointer INVALID_HANDLE_VALUE = Pointer.createConstant(-1L);

  /** {@code HANDLE CreateFileW(LPCWSTR, DWORD access, DWORD share, LPSECURITY_ATTRIBUTES, DWORD disposition, DWORD flags, HANDLE template)}. */
  Pointer CreateFileW(WString fileName, int desiredAccess, int shareMode, Pointer securityAttributes,
      int creationDisposition, int flagsAndAttributes, Pointer templateFile) throws LastErrorException;

  /** {@code BOOL CreateDirectoryW(LPCWSTR, LPSECURITY_ATTRIBUTES)}. */
  boolean CreateDirectoryW(WString pathName, Pointer securityAttributes) throws LastErrorException;

  /** {@code BOOL CreateHardLinkW(LPCWSTR newFile, LPCWSTR existingFile, LPSECURITY_ATTRIBUTES reserved)}. */
  boolean CreateHardLinkW(WString fileName, WString existingFileName, Pointer reserved) throws LastErrorException;

  /**
   * {@code BOOL BackupWrite(HANDLE, LPBYTE buffer, DWORD bytes, LPDWORD written, BOOL abort,
   * BOOL processSecurity, LPVOID* context)}; a last call with {@code abort} true frees the context.
   */
  boolean BackupWrite(Pointer file, byte[] buffer, int numberOfBytesToWrite, IntByReference numberOfBytesWritten,
      boolean abort, boolean processSecurity, PointerByReference context) throws LastErrorException;

  /** {@code BOOL WriteFile(HANDLE, LPCVOID buffer, DWORD bytes, LPDWORD written, LPOVERLAPPED)}; never overlapped here. */
  boolean WriteFile(Pointer file, byte[] buffer, int numberOfBytesToWrite, IntByReference numberOfBytesWritten,
      Pointer overlapped) throws LastErrorException;

  /** {@code BOOL SetFileInformationByHandle(HANDLE, FILE_INFO_BY_HANDLE_CLASS, LPVOID, DWORD)}. */
  boolean SetFileInformationByHandle(Pointer file, int informationClass, FileBasicInfo information, int size)
      throws LastErrorException;

  /** {@code BOOL CloseHandle(HANDLE)}. */
  boolean CloseHandle(Pointer handle) throws LastErrorException;

  /**
   * {@code FILE_BASIC_INFO}: four {@code LARGE_INTEGER} times (100 ns since 1601; 0 leaves a
   * time unchanged) and the attributes, 40 bytes with padding.
   */
  @Structure.FieldOrder({"CreationTime", "LastAccessTime", "LastWriteTime", "ChangeTime", "FileAttributes"})
  final class FileBasicInfo extends Structure {
    public long CreationTime;
    public long LastAccessTime;
    public long LastWriteTime;
    public long ChangeTime;
    public int FileAttributes;
  }

  /** Binds kernel32.dll; Windows only, never in tests. */
  static BackupApi load() {
    return Native.load("kernel32", BackupApi.class);
  }
}

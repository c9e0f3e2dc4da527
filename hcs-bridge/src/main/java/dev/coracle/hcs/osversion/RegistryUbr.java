package dev.coracle.hcs.osversion;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;

/**
 * The one advapi32.dll call the host's revision needs, mirrored one to one:
 * {@code LSTATUS RegGetValueW(HKEY, LPCWSTR subKey, LPCWSTR value, DWORD flags, LPDWORD type,
 * PVOID data, LPDWORD dataSize)}, for {@code HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion}
 * {@code UBR} (WINDOWS.md §5): {@code RtlGetVersion} gives no revision, and Server 2016 compares it.
 */
public interface RegistryUbr extends Library {

  /** {@code HKEY_LOCAL_MACHINE}. */
  Pointer HKEY_LOCAL_MACHINE = Pointer.createConstant(0x80000002L);
  /** {@code RRF_RT_REG_DWORD}: only a DWORD value answers. */
  int RRF_RT_REG_DWORD = 0x10;
  int ERROR_SUCCESS = 0;
  String CURRENT_VERSION = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
  String UBR = "UBR";

  int RegGetValueW(Pointer key, WString subKey, WString value, int flags, IntByReference type, IntByReference data,
      IntByReference dataSize);

  /** Binds advapi32.dll; Windows only, never in tests. */
  static RegistryUbr load() {
    return Native.load("advapi32", RegistryUbr.class);
  }
}

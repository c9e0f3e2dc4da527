package dev.coracle.hcs.osversion;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * The one ntdll.dll call the host version needs, mirrored one to one:
 * {@code NTSTATUS RtlGetVersion(PRTL_OSVERSIONINFOW)}. Unlike {@code GetVersionEx} it does
 * not depend on the program's compatibility manifest (WINDOWS.md §5). Named apart from any
 * general ntdll binding so the two never clash.
 */
public interface NtdllVersion extends Library {

  /** {@code STATUS_SUCCESS}. */
  int STATUS_SUCCESS = 0;

  /** Fills {@code info}, whose {@code dwOSVersionInfoSize} the caller has set; returns an NTSTATUS. */
  int RtlGetVersion(OsVersionInfo info);

  /** {@code RTL_OSVERSIONINFOW}: five DWORDs and a 128-WCHAR service pack string, 276 bytes on Windows. */
  @Structure.FieldOrder({"dwOSVersionInfoSize", "dwMajorVersion", "dwMinorVersion", "dwBuildNumber", "dwPlatformId",
      "szCSDVersion"})
  final class OsVersionInfo extends Structure {
    public int dwOSVersionInfoSize;
    public int dwMajorVersion;
    public int dwMinorVersion;
    public int dwBuildNumber;
    public int dwPlatformId;
    public char[] szCSDVersion = new char[128];

    public OsVersionInfo() {
      dwOSVersionInfoSize = size();
    }
  }

  /** Binds ntdll.dll; Windows only, never in tests. */
  static NtdllVersion load() {
    return Native.load("ntdll", NtdllVersion.class);
  }
}

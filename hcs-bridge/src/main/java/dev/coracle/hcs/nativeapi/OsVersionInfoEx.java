package dev.coracle.hcs.nativeapi;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code RTL_OSVERSIONINFOEXW} for {@code RtlGetVersion} (WINDOWS.md §5: the host build comes
 * from here, not from {@code os.version}, which says only {@code 10.0}). Set {@code
 * dwOSVersionInfoSize} to {@code size()} before the call; {@link #forCall()} does.
 */
@FieldOrder({"dwOSVersionInfoSize", "dwMajorVersion", "dwMinorVersion", "dwBuildNumber", "dwPlatformId",
    "szCSDVersion", "wServicePackMajor", "wServicePackMinor", "wSuiteMask", "wProductType", "wReserved"})
public final class OsVersionInfoEx extends Structure {

  public int dwOSVersionInfoSize;
  public int dwMajorVersion;
  public int dwMinorVersion;
  public int dwBuildNumber;
  public int dwPlatformId;
  /** {@code WCHAR[128]}; JNA's {@code char} is the platform's wide character. */
  public char[] szCSDVersion = new char[128];
  public short wServicePackMajor;
  public short wServicePackMinor;
  public short wSuiteMask;
  public byte wProductType;
  public byte wReserved;

  /** A structure with its size field set, as {@code RtlGetVersion} requires. */
  public static OsVersionInfoEx forCall() {
    OsVersionInfoEx info = new OsVersionInfoEx();
    info.dwOSVersionInfoSize = info.size();
    return info;
  }
}

package dev.coracle.hcs.nativeapi;

import com.sun.jna.win32.StdCallLibrary;

/** {@code ntdll.dll}'s {@code RtlGetVersion}: the true host build, whatever the process manifest says (WINDOWS.md §5). */
public interface Ntdll extends StdCallLibrary {

  /** Returns an NTSTATUS, {@code STATUS_SUCCESS} (0) always in practice. */
  int RtlGetVersion(OsVersionInfoEx versionInformation);
}

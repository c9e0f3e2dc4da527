package dev.coracle.hcs.osversion;

import dev.coracle.core.error.InternalException;

/** The host version from {@code RtlGetVersion}, asked once: a host does not change build while running. */
final class NtdllHostVersion implements HostVersion {

  private final NtdllVersion ntdll;
  private volatile OsVersion version;

  NtdllHostVersion(NtdllVersion ntdll) {
    this.ntdll = ntdll;
  }

  @Override
  public OsVersion get() {
    OsVersion known = version;
    if (known == null) {
      known = read();
      version = known;
    }
    return known;
  }

  private OsVersion read() {
    NtdllVersion.OsVersionInfo info = new NtdllVersion.OsVersionInfo();
    int status = ntdll.RtlGetVersion(info); // JNA reads the structure back after the call
    if (status != NtdllVersion.STATUS_SUCCESS) {
      throw new InternalException("RtlGetVersion failed with NTSTATUS 0x" + Integer.toHexString(status));
    }
    return new OsVersion(info.dwMajorVersion, info.dwMinorVersion, info.dwBuildNumber, 0);
  }
}

package dev.coracle.hcs.osversion;

import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import dev.coracle.core.error.InternalException;

/**
 * The host version from {@code RtlGetVersion} and the revision (UBR) from the registry, asked
 * once: a host does not change build while running (an update that changes the UBR restarts
 * it). A registry that does not answer leaves the revision 0.
 */
final class NtdllHostVersion implements HostVersion {

  private final NtdllVersion ntdll;
  private final RegistryUbr registry;
  private volatile OsVersion version;

  NtdllHostVersion(NtdllVersion ntdll, RegistryUbr registry) {
    this.ntdll = ntdll;
    this.registry = registry;
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
    return new OsVersion(info.dwMajorVersion, info.dwMinorVersion, info.dwBuildNumber, ubr());
  }

  private int ubr() {
    IntByReference data = new IntByReference();
    IntByReference size = new IntByReference(4);
    int status = registry.RegGetValueW(RegistryUbr.HKEY_LOCAL_MACHINE, new WString(RegistryUbr.CURRENT_VERSION),
        new WString(RegistryUbr.UBR), RegistryUbr.RRF_RT_REG_DWORD, null, data, size);
    return status == RegistryUbr.ERROR_SUCCESS && data.getValue() >= 0 ? data.getValue() : 0;
  }
}

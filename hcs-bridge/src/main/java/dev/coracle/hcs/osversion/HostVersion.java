package dev.coracle.hcs.osversion;

import java.util.Objects;

/**
 * The OS version of the host this node runs on. Java's {@code os.version} says only
 * {@code 10.0}; the build comes from {@code RtlGetVersion} (WINDOWS.md §5).
 */
@FunctionalInterface
public interface HostVersion {

  OsVersion get();

  /** A host of a fixed version: tests and the simulated mode on Linux. */
  static HostVersion fixed(OsVersion version) {
    Objects.requireNonNull(version, "version");
    return () -> version;
  }

  /**
   * This Windows host, read once: the build through ntdll's {@code RtlGetVersion}, the
   * revision (UBR) from {@code HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion}.
   */
  static HostVersion windows() {
    return new NtdllHostVersion(NtdllVersion.load(), RegistryUbr.load());
  }
}

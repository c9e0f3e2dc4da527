package dev.coracle.hcs.osversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import dev.coracle.core.error.InternalException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostVersionTest {

  /** Stands in for ntdll: checks the size the caller declares and fills the fields as Windows would. */
  private static final class FakeNtdll implements NtdllVersion {
    int calls;
    int status = STATUS_SUCCESS;
    int declaredSize;

    @Override
    public int RtlGetVersion(OsVersionInfo info) {
      calls++;
      declaredSize = info.dwOSVersionInfoSize;
      info.dwMajorVersion = 10;
      info.dwMinorVersion = 0;
      info.dwBuildNumber = 20348;
      info.dwPlatformId = 2;
      return status;
    }
  }

  /** Stands in for advapi32: answers the UBR of the key and value asked for, or an error. */
  private static final class FakeRegistry implements RegistryUbr {
    int status = ERROR_SUCCESS;
    final List<String> asked = new ArrayList<>();

    @Override
    public int RegGetValueW(Pointer key, WString subKey, WString value, int flags, IntByReference type,
        IntByReference data, IntByReference dataSize) {
      asked.add(Pointer.nativeValue(key) + " " + subKey + " " + value + " " + flags + " " + dataSize.getValue());
      if (status == ERROR_SUCCESS) {
        data.setValue(2340);
      }
      return status;
    }
  }

  private final FakeRegistry registry = new FakeRegistry();

  @Test
  void fixed_answersItsVersion() {
    assertEquals(OsVersion.parse("10.0.26100.1"), HostVersion.fixed(OsVersion.parse("10.0.26100.1")).get());
  }

  @Test
  void ntdll_readsMajorMinorBuild_withTheStructureSizeDeclared() {
    FakeNtdll ntdll = new FakeNtdll();

    OsVersion version = new NtdllHostVersion(ntdll, registry).get();

    assertEquals(new OsVersion(10, 0, 20348, 2340), version);
    assertEquals(List.of(0x80000002L + " SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion UBR 16 4"), registry.asked);
    // RTL_OSVERSIONINFOW: five DWORDs and 128 WCHARs; JNA's char is the platform's wchar_t.
    assertEquals(5 * 4 + 128 * Native.WCHAR_SIZE, ntdll.declaredSize);
  }

  @Test
  void registryWithoutUbr_leavesTheRevisionZero() {
    registry.status = 2; // ERROR_FILE_NOT_FOUND

    assertEquals(new OsVersion(10, 0, 20348, 0), new NtdllHostVersion(new FakeNtdll(), registry).get());
  }

  @Test
  void ntdll_asksOnce() {
    FakeNtdll ntdll = new FakeNtdll();
    HostVersion host = new NtdllHostVersion(ntdll, registry);

    host.get();
    host.get();

    assertEquals(1, ntdll.calls);
  }

  @Test
  void ntdll_failure_isInternalWithTheStatus() {
    FakeNtdll ntdll = new FakeNtdll();
    ntdll.status = 0xC0000005;

    InternalException e = assertThrows(InternalException.class, () -> new NtdllHostVersion(ntdll, registry).get());

    assertTrue(e.getMessage().contains("0xc0000005"), e.getMessage());
  }
}

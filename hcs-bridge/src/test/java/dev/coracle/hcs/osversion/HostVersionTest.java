package dev.coracle.hcs.osversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InternalException;
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

  @Test
  void fixed_answersItsVersion() {
    assertEquals(OsVersion.parse("10.0.26100.1"), HostVersion.fixed(OsVersion.parse("10.0.26100.1")).get());
  }

  @Test
  void ntdll_readsMajorMinorBuild_withTheStructureSizeDeclared() {
    FakeNtdll ntdll = new FakeNtdll();

    OsVersion version = new NtdllHostVersion(ntdll).get();

    assertEquals(new OsVersion(10, 0, 20348, 0), version);
    // RTL_OSVERSIONINFOW: five DWORDs and 128 WCHARs; JNA's char is the platform's wchar_t.
    assertEquals(5 * 4 + 128 * com.sun.jna.Native.WCHAR_SIZE, ntdll.declaredSize);
  }

  @Test
  void ntdll_asksOnce() {
    FakeNtdll ntdll = new FakeNtdll();
    HostVersion host = new NtdllHostVersion(ntdll);

    host.get();
    host.get();

    assertEquals(1, ntdll.calls);
  }

  @Test
  void ntdll_failure_isInternalWithTheStatus() {
    FakeNtdll ntdll = new FakeNtdll();
    ntdll.status = 0xC0000005;

    InternalException e = assertThrows(InternalException.class, () -> new NtdllHostVersion(ntdll).get());

    assertTrue(e.getMessage().contains("0xc0000005"), e.getMessage());
  }
}

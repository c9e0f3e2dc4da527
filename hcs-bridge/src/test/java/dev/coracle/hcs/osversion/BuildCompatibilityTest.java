package dev.coracle.hcs.osversion;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule of WINDOWS.md §5, written out by hand rather than computed. */
class BuildCompatibilityTest {

  /** The image builds, one column each. */
  private static final int[] IMAGES =
      {14393, 16299, 17134, 17763, 18362, 18363, 19041, 19042, 20348, 22000, 22621, 25398, 26100};

  /**
   * Host (every Windows Server build of §5, and one above 26100) × image: B = process and
   * Hyper-V, H = Hyper-V only, - = neither.
   */
  private static final String TABLE = """
      host   14393 16299 17134 17763 18362 18363 19041 19042 20348 22000 22621 25398 26100
      14393  B     -     -     -     -     -     -     -     -     -     -     -     -
      16299  H     B     -     -     -     -     -     -     -     -     -     -     -
      17134  H     H     B     -     -     -     -     -     -     -     -     -     -
      17763  H     H     H     B     -     -     -     -     -     -     -     -     -
      18362  H     H     H     H     B     -     -     -     -     -     -     -     -
      18363  H     H     H     H     H     B     -     -     -     -     -     -     -
      19041  H     H     H     H     H     H     B     -     -     -     -     -     -
      19042  H     H     H     H     H     H     H     B     -     -     -     -     -
      20348  H     H     H     H     H     H     H     H     B     -     -     -     -
      25398  H     H     H     H     H     H     H     H     B     B     B     B     -
      26100  H     H     H     H     H     H     H     H     B     B     B     B     B
      27000  H     H     H     H     H     H     H     H     H     H     H     H     B
      """;

  @Test
  void table_everyServerHostWithEveryImageBuild() {
    List<Executable> checks = new ArrayList<>();
    List<String> rows = TABLE.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    assertEquals("host", rows.get(0).split("\\s+")[0]);
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split("\\s+");
      assertEquals(IMAGES.length + 1, cells.length, row);
      OsVersion host = new OsVersion(10, 0, Integer.parseInt(cells[0]), 1000);
      for (int i = 0; i < IMAGES.length; i++) {
        OsVersion image = new OsVersion(10, 0, IMAGES[i], 1000);
        String cell = cells[i + 1];
        boolean process = cell.equals("B");
        boolean hyperV = !cell.equals("-");
        checks.add(() -> assertEquals(process, BuildCompatibility.processIsolation(host, image),
            "process isolation, host " + host + ", image " + image));
        checks.add(() -> assertEquals(hyperV, BuildCompatibility.hyperV(host, image),
            "Hyper-V, host " + host + ", image " + image));
        checks.add(() -> assertEquals(process, BuildCompatibility.check(host, image, IsolationKind.PROCESS).allowed()));
        checks.add(() -> assertEquals(hyperV, BuildCompatibility.check(host, image, IsolationKind.HYPERV).allowed()));
      }
    }
    assertEquals(12 * IMAGES.length * 4, checks.size());
    assertAll(checks);
  }

  @ParameterizedTest
  @CsvSource({
      // Server 2016 needs the same revision too; from 1709 on the revision is ignored.
      "10.0.14393.1000, 10.0.14393.1000, true",
      "10.0.14393.1000, 10.0.14393.2000, false",
      "10.0.14393.2000, 10.0.14393.1000, false",
      "10.0.17763.100,  10.0.17763.5329, true",
      "10.0.17763.5329, 10.0.17763.100,  true",
      "10.0.20348.1,    10.0.20348.2340, true",
      "10.0.26100.1,    10.0.25398.900,  true",
      // major.minor must match
      "10.0.20348.1,    6.3.20348.1,     false",
      "10.0.17763.1,    10.1.17763.1,    false"})
  void processIsolation_revisionsAndMajorMinor(String host, String image, boolean expected) {
    assertEquals(expected, BuildCompatibility.processIsolation(OsVersion.parse(host), OsVersion.parse(image)));
  }

  @Test
  void processIsolation_aboveServer2025FollowsHcsshim_notContainerdsFloor() {
    OsVersion host = OsVersion.parse("10.0.26200.1");

    // containerd's vendored platforms v1.0.0-rc.5 keeps the floor at 20348 and would say true here.
    assertFalse(BuildCompatibility.processIsolation(host, OsVersion.parse("10.0.20348.1")));
    assertTrue(BuildCompatibility.processIsolation(host, OsVersion.parse("10.0.26100.1")));
    assertTrue(BuildCompatibility.processIsolation(host, OsVersion.parse("10.0.26200.1")));
  }

  @Test
  void check_olderImageProcessIsolated_saysUseTheHyperVHandler() {
    BuildCompatibility.Verdict verdict = BuildCompatibility.check(OsVersion.parse("10.0.20348.2340"),
        OsVersion.parse("10.0.17763.5329"), IsolationKind.PROCESS);

    assertFalse(verdict.allowed());
    assertEquals("process isolation cannot run image OS build 10.0.17763.5329 (Windows Server 2019 (17763)) on host OS build"
        + " 10.0.20348.2340 (Windows Server 2022 (20348)); Hyper-V isolation can: use the runtime handler"
        + " runhcs-wcow-hypervisor", verdict.message());
  }

  @Test
  void check_namesTheConfiguredHyperVHandler() {
    BuildCompatibility.Verdict verdict = BuildCompatibility.check(OsVersion.parse("10.0.26100.1"),
        OsVersion.parse("10.0.14393.1"), IsolationKind.PROCESS, "hyperv");

    assertTrue(verdict.message().endsWith("use the runtime handler hyperv"), verdict.message());
  }

  @Test
  void check_newerImage_noIsolationCanRunIt() {
    OsVersion host = OsVersion.parse("10.0.17763.5329");
    OsVersion image = OsVersion.parse("10.0.20348.2340");

    for (IsolationKind wanted : IsolationKind.values()) {
      BuildCompatibility.Verdict verdict = BuildCompatibility.check(host, image, wanted);
      assertFalse(verdict.allowed());
      assertEquals("no isolation can run image OS build 10.0.20348.2340 (Windows Server 2022 (20348)) on host OS build"
          + " 10.0.17763.5329 (Windows Server 2019 (17763)): the image is newer than the host", verdict.message());
    }
  }

  @Test
  void check_allowed_hasNoMessage() {
    BuildCompatibility.Verdict verdict = BuildCompatibility.check(OsVersion.parse("10.0.26100.1"),
        OsVersion.parse("10.0.20348.1"), IsolationKind.PROCESS);

    assertTrue(verdict.allowed());
    assertEquals("", verdict.message());
  }

  @Test
  void check_unnamedBuilds_areJustNumbers() {
    BuildCompatibility.Verdict verdict = BuildCompatibility.check(OsVersion.parse("10.0.20348.1"),
        OsVersion.parse("10.0.20349.1"), IsolationKind.HYPERV);

    assertTrue(verdict.message().contains("image OS build 10.0.20349.1 (20349) on"), verdict.message());
  }
}

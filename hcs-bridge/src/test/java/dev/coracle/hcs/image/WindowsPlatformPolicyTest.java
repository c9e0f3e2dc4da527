package dev.coracle.hcs.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.image.manifest.Descriptor;
import dev.coracle.core.image.manifest.ImageIndex;
import dev.coracle.core.image.manifest.PlatformSelector;
import dev.coracle.core.image.manifest.PlatformSpec;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.ref.Platform;
import dev.coracle.hcs.osversion.HostVersion;
import dev.coracle.hcs.osversion.IsolationKind;
import dev.coracle.hcs.osversion.OsVersion;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowsPlatformPolicyTest {

  private static final String MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  private static final Platform WINDOWS = Platform.parse("windows/amd64");

  /** Like mcr.microsoft.com/windows/nanoserver's list: one entry per LTSC. */
  private static final ImageIndex NANOSERVER = index(
      entry('1', "10.0.14393.6709"),
      entry('2', "10.0.17763.5329"),
      entry('3', "10.0.20348.2227"),
      entry('4', "10.0.26100.1"));

  @ParameterizedTest
  @CsvSource({
      // host, runtime handler, the entry pulled
      "10.0.14393.6709, '', 1",
      "10.0.17763.100, '', 2",
      "10.0.20348.1, '', 3",
      "10.0.25398.1, '', 3",
      "10.0.26100.1, '', 4",
      // Hyper-V takes the newest build up to the host's
      "10.0.20348.1, runhcs-wcow-hypervisor, 3",
      "10.0.17763.1, runhcs-wcow-hypervisor, 2",
      "10.0.26100.1, runhcs-wcow-hypervisor, 4",
      // a handler that is not Hyper-V is process isolation
      "10.0.26100.1, runhcs-wcow-process, 4"})
  void select_choosesByHostBuildAndIsolation(String host, String handler, char entry) {
    Descriptor chosen = PlatformSelector.select(NANOSERVER, WINDOWS, policy(host), handler);

    assertEquals(digest(entry), chosen.digest());
  }

  @Test
  void select_processIsolatedOn2016_needsTheSameRevision() {
    NotFoundException e = assertThrows(NotFoundException.class,
        () -> PlatformSelector.select(NANOSERVER, WINDOWS, policy("10.0.14393.1000"), ""));

    assertEquals("no image for platform windows/amd64 that host OS build 10.0.14393.1000 (Windows Server 2016 (14393))"
        + " can run process-isolated in [windows/amd64 (10.0.14393.6709), windows/amd64 (10.0.17763.5329),"
        + " windows/amd64 (10.0.20348.2227), windows/amd64 (10.0.26100.1)]", e.getMessage());
  }

  @Test
  void select_hostOlderThanEveryEntry_isNotFoundEvenForHyperV() {
    ImageIndex index = index(entry('3', "10.0.20348.2227"));

    NotFoundException e = assertThrows(NotFoundException.class,
        () -> PlatformSelector.select(index, WINDOWS, policy("10.0.17763.1"), "runhcs-wcow-hypervisor"));

    assertTrue(e.getMessage().contains("that host OS build 10.0.17763.1 (Windows Server 2019 (17763)) can run with"
        + " Hyper-V isolation"), e.getMessage());
  }

  @Test
  void select_olderOnlyEntry_processRefused_hyperVTakesIt() {
    ImageIndex index = index(entry('2', "10.0.17763.5329"));

    assertThrows(NotFoundException.class, () -> PlatformSelector.select(index, WINDOWS, policy("10.0.20348.1"), ""));
    assertEquals(digest('2'),
        PlatformSelector.select(index, WINDOWS, policy("10.0.20348.1"), "runhcs-wcow-hypervisor").digest());
  }

  @Test
  void select_amongMatches_theHigherOsVersionWins() {
    ImageIndex index = index(entry('1', "10.0.20348.1000"), entry('2', "10.0.20348.2227"), entry('3', "10.0.20348.1500"));

    assertEquals(digest('2'), PlatformSelector.select(index, WINDOWS, policy("10.0.20348.1"), "").digest());
  }

  @Test
  void select_entryWithoutOsVersion_matches_butOneWithAVersionIsPreferred() {
    ImageIndex onlyUnversioned = index(entry('1', null));
    ImageIndex both = index(entry('1', null), entry('2', "10.0.20348.2227"));

    assertEquals(digest('1'), PlatformSelector.select(onlyUnversioned, WINDOWS, policy("10.0.17763.1"), "").digest());
    assertEquals(digest('2'), PlatformSelector.select(both, WINDOWS, policy("10.0.20348.1"), "").digest());
  }

  @Test
  void select_osFeatures_areIgnored() {
    Descriptor win32k = new Descriptor(MANIFEST, digest('5'), 946, null, null,
        new PlatformSpec("amd64", "windows", null, "10.0.20348.2227", List.of("win32k")));

    assertEquals(digest('5'), PlatformSelector.select(index(win32k), WINDOWS, policy("10.0.20348.1"), "").digest());
  }

  @Test
  void accepts_unparsableOsVersion_isRefused() {
    assertFalse(policy("10.0.20348.1").accepts(entry('1', "ltsc2022"), ""));
  }

  @Test
  void accepts_leavesOtherOperatingSystemsToThePlatformMatch() {
    Descriptor linux = new Descriptor(MANIFEST, digest('6'), 1, null, null,
        new PlatformSpec("amd64", "linux", null, "99.0.1", null));

    assertTrue(policy("10.0.20348.1").accepts(linux, ""));
  }

  @Test
  void isolation_configuredHyperVHandlers() {
    WindowsPlatformPolicy policy = new WindowsPlatformPolicy(HostVersion.fixed(OsVersion.parse("10.0.20348.1")),
        Set.of("hyperv", "vm"));

    assertEquals(IsolationKind.HYPERV, policy.isolation("vm"));
    assertEquals(IsolationKind.PROCESS, policy.isolation("runhcs-wcow-hypervisor"));
    assertEquals(IsolationKind.PROCESS, policy.isolation(""));
  }

  private static WindowsPlatformPolicy policy(String host) {
    return new WindowsPlatformPolicy(HostVersion.fixed(OsVersion.parse(host)));
  }

  private static Descriptor entry(char digit, String osVersion) {
    return new Descriptor(MANIFEST, digest(digit), 946, null, null,
        new PlatformSpec("amd64", "windows", null, osVersion, null));
  }

  private static Digest digest(char digit) {
    return Digest.parse("sha256:" + String.valueOf(digit).repeat(64));
  }

  private static ImageIndex index(Descriptor... entries) {
    return new ImageIndex(2, "application/vnd.docker.distribution.manifest.list.v2+json", List.of(entries), null);
  }
}

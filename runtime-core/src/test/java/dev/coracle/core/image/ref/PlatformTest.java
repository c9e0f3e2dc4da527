package dev.coracle.core.image.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

  @ParameterizedTest
  @CsvSource({
      "Linux, amd64, linux/amd64",
      "Linux, x86_64, linux/amd64",
      "Linux, aarch64, linux/arm64/v8",
      "Linux, arm, linux/arm/v7",
      "Linux, x86, linux/386",
      "Linux, i386, linux/386",
      "Linux, ppc64le, linux/ppc64le",
      "Linux, s390x, linux/s390x",
      "Linux, riscv64, linux/riscv64",
      "Windows Server 2022, amd64, windows/amd64",
      "Windows 11, aarch64, windows/arm64/v8"})
  void fromJvm_mapsToGoNames(String osName, String osArch, String expected) {
    assertEquals(expected, Platform.fromJvm(osName, osArch).toString());
  }

  @Test
  void host_isThisJvmInGoNames() {
    Platform host = Platform.host();

    assertEquals(Platform.fromJvm(System.getProperty("os.name"), System.getProperty("os.arch")), host);
    assertNull(host.osVersion());
  }

  @ParameterizedTest
  @CsvSource({
      // host, candidate, runs
      "linux/amd64, linux/amd64, true",
      "linux/amd64, linux/arm64, false",
      "linux/amd64, windows/amd64, false",
      "linux/amd64, linux/386, false",
      "linux/amd64, linux/amd64/v3, true",
      "linux/amd64/v3, linux/amd64, true",
      "linux/amd64/v3, linux/amd64/v3, true",
      "linux/arm64/v8, linux/arm64, true",
      "linux/arm64, linux/arm64/v8, true",
      "linux/arm64/v8, linux/arm64/v8, true",
      "linux/arm64/v8, linux/arm64/v9, false",
      "linux/arm64/v8, linux/arm/v7, false",
      "linux/arm/v7, linux/arm/v7, true",
      "linux/arm/v7, linux/arm/v6, true",
      "linux/arm/v7, linux/arm/v5, true",
      "linux/arm/v7, linux/arm, true",
      "linux/arm, linux/arm/v7, true",
      "linux/arm/v6, linux/arm/v7, false",
      "linux/arm/v6, linux/arm, false",
      "linux/arm/v5, linux/arm/v6, false"})
  void matches_table(String host, String candidate, boolean runs) {
    assertEquals(runs, Platform.parse(host).matches(Platform.parse(candidate)));
  }

  @Test
  void matches_ignoresOsVersion() {
    Platform host = new Platform("windows", "amd64", null, "10.0.20348.2113");

    assertEquals(true, host.matches(new Platform("windows", "amd64", null, "10.0.17763.5122")));
  }

  @Test
  void distance_prefersTheSameVariantThenTheNewestOlderOne() {
    Platform v7 = Platform.parse("linux/arm/v7");

    assertEquals(0, v7.distance(Platform.parse("linux/arm/v7")));
    assertEquals(1, v7.distance(Platform.parse("linux/arm/v6")));
    assertEquals(2, v7.distance(Platform.parse("linux/arm/v5")));
    assertEquals(-1, v7.distance(Platform.parse("linux/arm/v8")));
  }

  @Test
  void distance_hostWithoutVariant_prefersCandidateWithoutVariant() {
    Platform amd64 = Platform.parse("linux/amd64");

    assertEquals(0, amd64.distance(Platform.parse("linux/amd64")));
    assertEquals(1, amd64.distance(Platform.parse("linux/amd64/v3")));
  }

  @Test
  void parse_readsOsArchVariant() {
    assertEquals(new Platform("linux", "arm64", "v8", null), Platform.parse("linux/arm64/v8"));
    assertEquals(new Platform("linux", "amd64", null, null), Platform.parse("linux/amd64"));
  }

  @Test
  void constructor_normalisesAliases() {
    assertEquals("linux/amd64", new Platform("Linux", "x86_64", "", null).toString());
    assertEquals("linux/arm64", new Platform("linux", "aarch64", null, null).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "linux", "linux/", "/amd64", "linux//v7", "linux/arm/v7/x"})
  void parse_invalid_isInvalidArgument(String text) {
    assertThrows(InvalidArgumentException.class, () -> Platform.parse(text));
  }
}

package dev.coracle.core.oci.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.UnimplementedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchTest {

  @ParameterizedTest
  @CsvSource({"amd64, X86_64", "x86_64, X86_64", "AMD64, X86_64", "aarch64, AARCH64", "arm64, AARCH64"})
  void of_names_mapToTheArchitecture(String name, Arch expected) {
    assertEquals(expected, Arch.of(name));
  }

  @Test
  void of_otherArchitecture_isUnimplemented() {
    UnimplementedException e = assertThrows(UnimplementedException.class, () -> Arch.of("ppc64le"));
    assertTrue(e.getMessage().contains("ppc64le"), e.getMessage());
  }

  @Test
  void isCalled_compatibleAbiName_isNotTheNativeArchitecture() {
    assertTrue(Arch.X86_64.isCalled("amd64"));
    assertFalse(Arch.X86_64.isCalled("x32"));
    assertFalse(Arch.AARCH64.isCalled("arm"));
  }

  @ParameterizedTest
  @CsvSource({"6.18.44-fc-v782, 6, 18", "4.8, 4, 8", "5.10.0-28-amd64, 5, 10", "6.1.0+, 6, 1", "3.10.0.el7, 3, 10"})
  void kernelVersion_parse_readsMajorAndMinor(String release, int major, int minor) {
    assertEquals(new KernelVersion(major, minor), KernelVersion.parse(release));
  }

  @Test
  void kernelVersion_parse_refusesWhatIsNoVersion() {
    assertThrows(InvalidArgumentException.class, () -> KernelVersion.parse("six"));
  }

  @Test
  void kernelVersion_atLeast_comparesMinorNumerically() {
    assertTrue(new KernelVersion(4, 10).atLeast(new KernelVersion(4, 8)));
    assertFalse(new KernelVersion(4, 7).atLeast(new KernelVersion(4, 8)));
    assertTrue(new KernelVersion(5, 0).atLeast(new KernelVersion(4, 20)));
  }
}

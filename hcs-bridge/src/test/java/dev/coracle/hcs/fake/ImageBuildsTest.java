package dev.coracle.hcs.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageBuildsTest {

  @ParameterizedTest(name = "host {0}, image {1}: {2}")
  @CsvSource({
      "14393, 14393, true", "17763, 17763, true", "17763, 14393, false", "17763, 20348, false",
      "20348, 20348, true", "20348, 17763, false", "20348, 25398, false",
      "25398, 20348, true", "25398, 25398, true", "25398, 26100, false",
      "26100, 20348, true", "26100, 25398, true", "26100, 26100, true", "26100, 17763, false",
      "26200, 26100, true", "26200, 25398, false"})
  void compatible_followsTheProcessIsolationRule(int host, int image, boolean compatible) {
    assertEquals(compatible, ImageBuilds.compatible(host, image));
  }
}

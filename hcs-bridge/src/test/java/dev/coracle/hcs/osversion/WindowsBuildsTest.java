package dev.coracle.hcs.osversion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowsBuildsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "14393|Windows Server 2016 (14393)",
      "16299|Windows Server 1709 (16299)",
      "17134|Windows Server 1803 (17134)",
      "17763|Windows Server 2019 (17763)",
      "18362|Windows Server 1903 (18362)",
      "18363|Windows Server 1909 (18363)",
      "19041|Windows Server 2004 (19041)",
      "19042|Windows Server 20H2 (19042)",
      "20348|Windows Server 2022 (20348)",
      "22000|Windows 11 21H2 (22000)",
      "22621|Windows 11 22H2 (22621)",
      "25398|Windows Server 23H2 (25398)",
      "26100|Windows Server 2025 (26100)",
      "20349|20349"})
  void name_ofEveryNamedBuild_andUnknownOnesAsNumbers(int build, String expected) {
    assertEquals(expected, WindowsBuilds.name(build));
  }
}

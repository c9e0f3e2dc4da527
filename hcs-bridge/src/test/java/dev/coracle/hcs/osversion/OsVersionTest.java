package dev.coracle.hcs.osversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OsVersionTest {

  @Test
  void parse_fourParts() {
    assertEquals(new OsVersion(10, 0, 20348, 2340), OsVersion.parse("10.0.20348.2340"));
  }

  @Test
  void parse_threeParts_revisionZero() {
    assertEquals(new OsVersion(10, 0, 20348, 0), OsVersion.parse("10.0.20348"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "10.0", "10.0.x", "10.0.20348.1.2", "10..20348", "10.0.-1", "10.0.20348.", " ",
      "10.0.99999999999"})
  void parse_refusesWhatIsNoVersion(String text) {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> OsVersion.parse(text));

    assertTrue(e.getMessage().contains("is not a Windows OS version"), e.getMessage());
  }

  @Test
  void parse_null_isInvalid() {
    assertThrows(InvalidArgumentException.class, () -> OsVersion.parse(null));
  }

  @Test
  void compareTo_byPartsAsNumbers() {
    assertTrue(OsVersion.parse("10.0.9600.1").compareTo(OsVersion.parse("10.0.14393.1")) < 0);
    assertTrue(OsVersion.parse("10.0.20348.10").compareTo(OsVersion.parse("10.0.20348.9")) > 0);
    assertEquals(0, OsVersion.parse("10.0.20348").compareTo(OsVersion.parse("10.0.20348.0")));
  }

  @Test
  void toString_printsAllFourParts() {
    assertEquals("10.0.17763.5329", OsVersion.parse("10.0.17763.5329").toString());
    assertEquals("10.0.17763.0", OsVersion.parse("10.0.17763").toString());
  }

  @Test
  void withRevision_keepsTheBuild() {
    assertEquals(OsVersion.parse("10.0.20348.2340"), OsVersion.parse("10.0.20348").withRevision(2340));
  }
}

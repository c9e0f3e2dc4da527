package dev.coracle.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.error.InvalidArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CidrTest {

  @ParameterizedTest
  @CsvSource({
      "10.88.0.0/16, 10.88.0.0/16, true",
      "198.18.0.0/15, 198.18.0.0/15, true",
      "0.0.0.0/0, 0.0.0.0/0, true",
      "fd00::/64, fd00:0:0:0:0:0:0:0/64, false",
      "fd00:c0ac:1e::/128, fd00:c0ac:1e:0:0:0:0:0/128, false"})
  void parse_validCidrs(String text, String printed, boolean ipv4) {
    Cidr cidr = Cidr.parse(text);
    assertEquals(printed, cidr.toString());
    assertEquals(ipv4, cidr.isIpv4());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0.0", "10.0.0.0/", "/16", "10.0.0.0/33", "fd00::/129", "10.0.0.0/-1",
      "10.0.0.0/1a", "example.com/24", "10.0.0.300/24", "10.0.0.0/16/2", "localhost/8"})
  void parse_malformed_isInvalidArgument(String text) {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Cidr.parse(text));
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void parse_neverResolvesHostNames() {
    // A name that looks like hex must not reach the resolver either.
    assertThrows(InvalidArgumentException.class, () -> Cidr.parse("deadbeef.local/24"));
  }
}

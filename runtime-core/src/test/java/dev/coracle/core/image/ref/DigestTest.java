package dev.coracle.core.image.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.error.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DigestTest {

  @Test
  void sha256_ofKnownBytes() {
    assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        Digest.sha256("hello".getBytes(StandardCharsets.UTF_8)).toString());
  }

  @Test
  void parse_roundTrips() {
    String text = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    assertEquals(text, Digest.parse(text).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "sha256", "sha256:", "sha256:abc", "md5:d41d8cd98f00b204e9800998ecf8427e",
      "sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
      ":2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
      "sha256:../../../../etc/passwd0000000000000000000000000000000000000000"})
  void parse_invalid_isInvalidArgument(String text) {
    assertThrows(InvalidArgumentException.class, () -> Digest.parse(text));
  }
}

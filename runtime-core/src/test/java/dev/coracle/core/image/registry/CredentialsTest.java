package dev.coracle.core.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void of_authField_winsAndSplitsAtFirstColon() {
    Credentials c = Credentials.of("ignored", "ignored", b64("user:pa:ss"), "", "");
    assertEquals("user", c.username());
    assertEquals("pa:ss", c.password());
  }

  @Test
  void of_badAuth_isInvalidArgument() {
    assertThrows(InvalidArgumentException.class, () -> Credentials.of("", "", "%%%", "", ""));
    assertThrows(InvalidArgumentException.class, () -> Credentials.of("", "", b64("nocolon"), "", ""));
  }

  @Test
  void anonymous_andToString_neverShowSecrets() {
    assertTrue(Credentials.of(null, null, null, null, null).isAnonymous());
    Credentials c = Credentials.of("alice", "hunter2", "", "", "");
    assertFalse(c.toString().contains("hunter2"));
    assertEquals("Basic " + b64("alice:hunter2"), c.basicHeader());
  }

  @Test
  void toString_tokensWithoutAUser_sayWhichKindAndNeverTheToken() {
    Credentials identity = Credentials.of("", "", "", "refresh-secret", "");
    Credentials registry = Credentials.of("", "", "", "", "bearer-secret");
    assertEquals("an identity token", identity.toString());
    assertEquals("a registry token", registry.toString());
  }
}

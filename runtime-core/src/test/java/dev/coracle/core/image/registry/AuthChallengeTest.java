package dev.coracle.core.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  void parse_bearerWithQuotedParams() {
    AuthChallenge c = AuthChallenge.parse(
        "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull\"");
    assertTrue(c.isBearer());
    assertEquals(Map.of("realm", "https://auth.example/token", "service", "registry.example",
        "scope", "repository:a/b:pull"), c.params());
  }

  @Test
  void parse_scopeWithCommaInsideQuotes() {
    AuthChallenge c = AuthChallenge.parse("Bearer realm=\"r\",scope=\"repository:a:pull,push\"");
    assertEquals("repository:a:pull,push", c.params().get("scope"));
  }

  @Test
  void parse_basicAndUnquotedValues() {
    AuthChallenge c = AuthChallenge.parse("Basic realm=Registry Realm");
    assertTrue(c.isBasic());
    assertEquals("Registry Realm", c.params().get("realm"));
  }

  @Test
  void parse_schemeIsCaseInsensitive() {
    assertTrue(AuthChallenge.parse("BEARER realm=\"x\"").isBearer());
  }
}

package dev.coracle.core.image.registry;

import dev.coracle.core.error.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a pull may present to a registry, as kubelet passes it in {@code AuthConfig}: a user name
 * and password (or both packed in {@code auth} as base64 {@code user:password}), an identity
 * token to trade for access tokens, or a registry token to send as it is.
 */
public record Credentials(String username, String password, String identityToken, String registryToken) {

  public static final Credentials ANONYMOUS = new Credentials("", "", "", "");

  public Credentials {
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    identityToken = identityToken == null ? "" : identityToken;
    registryToken = registryToken == null ? "" : registryToken;
  }

  /** From CRI's fields; {@code auth} wins over username/password when both are set. */
  public static Credentials of(String username, String password, String auth, String identityToken,
      String registryToken) {
    if (auth != null && !auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("auth is not valid base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new InvalidArgumentException("auth must encode \"username:password\"");
      }
      return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1), identityToken, registryToken);
    }
    return new Credentials(username, password, identityToken, registryToken);
  }

  public boolean hasPassword() {
    return !username.isEmpty() || !password.isEmpty();
  }

  public boolean isAnonymous() {
    return !hasPassword() && identityToken.isEmpty() && registryToken.isEmpty();
  }

  String basicHeader() {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Never the secrets: credentials end up in logs through exceptions and records. */
  @Override
  public String toString() {
    if (isAnonymous()) {
      return "anonymous";
    }
    if (!username.isEmpty()) {
      return "credentials of \"" + username + "\"";
    }
    return !identityToken.isEmpty() ? "an identity token" : !registryToken.isEmpty() ? "a registry token"
        : "a password without a user name";
  }
}

package dev.coracle.core.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.error.CoracleException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.PermissionDeniedException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.manifest.MediaTypes;
import dev.coracle.core.image.ref.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Fetches one repository's manifests and blobs from one endpoint, answering the registry's
 * authentication challenges (basic, or bearer tokens from its token service) and following
 * redirects to blob storage. Transient failures are retried a few times with backoff.
 */
public final class RepositorySession {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 3;
  private static final Duration MANIFEST_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_REDIRECTS = 5;

  private final HttpClient http;
  private final RegistryEndpoint endpoint;
  private final String repository;
  private final Credentials credentials;
  private volatile String authorization;

  RepositorySession(HttpClient http, RegistryEndpoint endpoint, String repository, Credentials credentials) {
    this.http = http;
    this.endpoint = endpoint;
    this.repository = repository;
    this.credentials = credentials;
    this.authorization = credentials.registryToken().isEmpty() ? null : "Bearer " + credentials.registryToken();
  }

  public RegistryEndpoint endpoint() {
    return endpoint;
  }

  /** Fetches a manifest or index by tag or digest; a digest reference is verified against the bytes. */
  public FetchedManifest manifest(String reference) {
    String what = "manifest " + endpoint.registry() + "/" + repository + ":" + reference;
    HttpResponse<InputStream> response = send(endpoint.api(repository + "/manifests/" + reference), what,
        MediaTypes.ACCEPT_MANIFESTS, MANIFEST_TIMEOUT);
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(4 * 1024 * 1024 + 1);
    } catch (IOException e) {
      throw RegistryErrors.forIo(e, what, endpoint);
    }
    if (body.length > 4 * 1024 * 1024) {
      throw new InvalidArgumentException(what + " is larger than 4 MiB");
    }
    Digest digest = Digest.sha256(body);
    if (reference.contains(":")) {
      Digest expected = Digest.parse(reference);
      Digest actual = expected.algorithm().equals("sha256") ? digest : Digest.of(expected.algorithm(), hash(expected, body));
      if (!actual.equals(expected)) {
        throw new InvalidArgumentException(what + " does not match its digest (got " + actual + ")");
      }
      digest = expected;
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    return new FetchedManifest(body, contentType, digest);
  }

  /** Opens a blob's bytes; the caller verifies them against the digest as they stream. */
  public InputStream blob(Digest digest) {
    return send(endpoint.api(repository + "/blobs/" + digest), "blob " + digest + " of " + repository, "*/*", null).body();
  }

  private static java.security.MessageDigest hash(Digest kind, byte[] body) {
    java.security.MessageDigest hasher = kind.newHasher();
    hasher.update(body);
    return hasher;
  }

  private HttpResponse<InputStream> send(URI uri, String what, String accept, Duration timeout) {
    CoracleException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return sendOnce(uri, what, accept, timeout);
      } catch (UnavailableException e) {
        last = e;
        backoff(attempt);
      }
    }
    throw last;
  }

  private HttpResponse<InputStream> sendOnce(URI uri, String what, String accept, Duration timeout) {
    boolean challenged = false;
    URI target = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      boolean sameHost = sameOrigin(uri, target);
      HttpResponse<InputStream> response = exchange(target, accept, timeout, sameHost ? authorization : null, what);
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return response;
      }
      byte[] body = drain(response);
      if (status == 401 && sameHost && !challenged) {
        challenged = true;
        authorization = answer(response.headers().firstValue("WWW-Authenticate"), what);
        hop--;
        continue;
      }
      if (status >= 300 && status < 400) {
        String location = response.headers().firstValue("Location")
            .orElseThrow(() -> new UnavailableException("redirect without Location for " + what + " at " + endpoint));
        target = redirect(target, location, what);
        continue;
      }
      throw RegistryErrors.forStatus(status, body, what, endpoint);
    }
    throw new UnavailableException("too many redirects for " + what + " at " + endpoint);
  }

  /**
   * Credentials go only where they were meant to: the same scheme, host and port. Another host
   * (blob storage) gets none, and neither does the same host reached over plain HTTP, where
   * they would cross the network in clear.
   */
  static boolean sameOrigin(URI origin, URI target) {
    return origin.getScheme().equalsIgnoreCase(target.getScheme())
        && Objects.equals(origin.getAuthority(), target.getAuthority());
  }

  /** The next URI from a {@code Location}, absolute or relative; a registry's bad one is its failure, not ours. */
  private URI redirect(URI from, String location, String what) {
    URI next;
    try {
      next = from.resolve(location.strip());
    } catch (IllegalArgumentException e) {
      next = null;
    }
    if (next == null || next.getHost() == null
        || !("http".equalsIgnoreCase(next.getScheme()) || "https".equalsIgnoreCase(next.getScheme()))) {
      throw new UnavailableException("the registry at " + endpoint + " redirected " + what
          + " to an unusable location \"" + location + "\"");
    }
    return next;
  }

  private HttpResponse<InputStream> exchange(URI uri, String accept, Duration timeout, String auth, String what) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", accept)
        .header("User-Agent", "coracle");
    if (timeout != null) {
      request.timeout(timeout);
    }
    if (auth != null) {
      request.header("Authorization", auth);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RegistryErrors.forIo(new InterruptedIOException("interrupted"), what, endpoint);
    } catch (IOException e) {
      throw RegistryErrors.forIo(e, what, endpoint);
    }
  }

  /** The Authorization header that answers a challenge, or a refusal when there is nothing to answer with. */
  private String answer(Optional<String> header, String what) {
    if (header.isEmpty()) {
      throw new PermissionDeniedException("the registry refused access to " + what + " at " + endpoint
          + " (401 without a challenge)");
    }
    AuthChallenge challenge = AuthChallenge.parse(header.get());
    if (challenge.isBasic()) {
      if (!credentials.hasPassword()) {
        throw new PermissionDeniedException("the registry at " + endpoint + " requires credentials for " + what);
      }
      return credentials.basicHeader();
    }
    if (challenge.isBearer()) {
      return "Bearer " + token(challenge, what);
    }
    throw new PermissionDeniedException("the registry at " + endpoint + " asks for unsupported authentication \""
        + challenge.scheme() + "\"");
  }

  private String token(AuthChallenge challenge, String what) {
    String realm = challenge.params().get("realm");
    if (realm == null || realm.isEmpty()) {
      throw new PermissionDeniedException("the registry at " + endpoint + " sent a bearer challenge without a realm");
    }
    String service = challenge.params().getOrDefault("service", "");
    String scope = challenge.params().getOrDefault("scope", "repository:" + repository + ":pull");
    HttpRequest.Builder request;
    if (!credentials.identityToken().isEmpty()) {
      String form = "grant_type=refresh_token&client_id=coracle&service=" + encode(service) + "&scope=" + encode(scope)
          + "&refresh_token=" + encode(credentials.identityToken());
      request = HttpRequest.newBuilder(URI.create(realm)).POST(HttpRequest.BodyPublishers.ofString(form))
          .header("Content-Type", "application/x-www-form-urlencoded");
    } else {
      String query = (realm.contains("?") ? "&" : "?") + "service=" + encode(service) + "&scope=" + encode(scope);
      request = HttpRequest.newBuilder(URI.create(realm + query)).GET();
      if (credentials.hasPassword()) {
        request.header("Authorization", credentials.basicHeader());
      }
    }
    request.timeout(MANIFEST_TIMEOUT).header("User-Agent", "coracle");
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while fetching a token for " + what);
    } catch (IOException e) {
      throw new UnavailableException("cannot reach the token service " + realm + " for " + what + ": " + e.getMessage(), e);
    }
    // OAuth2 answers a bad refresh token with 400 invalid_grant; distribution's servers with 401.
    if (response.statusCode() == 401 || response.statusCode() == 403
        || response.statusCode() == 400 && new String(response.body(), StandardCharsets.UTF_8).contains("invalid_grant")) {
      throw new PermissionDeniedException("the token service " + realm + " refused " + credentials + " for " + what
          + " (HTTP " + response.statusCode() + ")");
    }
    if (response.statusCode() != 200) {
      throw new UnavailableException("the token service " + realm + " answered HTTP " + response.statusCode() + " for " + what);
    }
    try {
      JsonNode json = JSON.readTree(response.body());
      String token = json.path("token").asText(json.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new UnavailableException("the token service " + realm + " sent no token for " + what);
      }
      return token;
    } catch (IOException e) {
      throw new UnavailableException("the token service " + realm + " sent an unreadable answer for " + what, e);
    }
  }

  private static byte[] drain(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      return in.readNBytes(64 * 1024);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static void backoff(int attempt) {
    if (attempt >= ATTEMPTS) {
      return;
    }
    try {
      Thread.sleep(250L << (attempt - 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

package dev.coracle.core.image.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token server for the registry's {@code auth.token} mode, as the distribution token spec
 * describes it: {@code GET /token?service=S&scope=repository:NAME:pull,push} with HTTP basic
 * credentials answers a signed JWT granting the requested actions. Every request without the
 * right credentials is refused with 401, anonymous pulls included, so tests see wrong passwords.
 *
 * <p>It also speaks the spec's OAuth2 flavour: {@code POST /token} with the form
 * {@code grant_type=refresh_token&refresh_token=T&service=S&scope=...} answers
 * {@code {"access_token": ...}} when {@code T} is its one {@link #identityToken()}, and 401
 * {@code invalid_grant} otherwise.
 */
final class TokenServer implements AutoCloseable {

  static final String SERVICE = "coracle-test-registry";
  static final String ISSUER = "coracle-test-token-issuer";
  static final long LIFETIME_SECONDS = 300;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> GRANTABLE = Set.of("pull", "push", "delete", "*");

  private final HttpServer server;
  private final JwtSigner signer;
  private final TokenKeys keys;
  private final String expectedAuthorization;
  private final String subject;
  private final String identityToken = "coracle-refresh-" + UUID.randomUUID();
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger refreshGrants = new AtomicInteger();

  private TokenServer(HttpServer server, TokenKeys keys, String username, String password) {
    this.server = server;
    this.keys = keys;
    this.signer = new JwtSigner(keys);
    this.subject = username;
    this.expectedAuthorization = "Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static TokenServer start(Path dir, String username, String password) {
    TokenKeys keys = TokenKeys.generate(dir, ISSUER);
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      TokenServer tokens = new TokenServer(server, keys, username, password);
      server.createContext("/token", tokens::handle);
      server.start();
      return tokens;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  Path rootCertBundle() {
    return keys.certificateFile();
  }

  int tokensIssued() {
    return issued.get();
  }

  int requests() {
    return requests.get();
  }

  int refreshGrants() {
    return refreshGrants.get();
  }

  String identityToken() {
    return identityToken;
  }

  /** A token for the space-separated scopes, signed like any other but without a request. */
  String mint(String scopes) {
    return signer.sign(claims(access(List.of(scopes))));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      if (exchange.getRequestMethod().equals("POST")) {
        handleRefresh(exchange);
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")) {
        reply(exchange, 405, error("UNSUPPORTED", "only GET and POST are served"));
        return;
      }
      if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"coracle-test-token\"");
        reply(exchange, 401, error("UNAUTHORIZED", "valid basic credentials are required"));
        return;
      }
      Query query = Query.parse(exchange.getRequestURI().getRawQuery());
      String service = query.first("service");
      if (service != null && !service.equals(SERVICE)) {
        reply(exchange, 400, error("INVALID_SERVICE", "this server issues tokens for " + SERVICE));
        return;
      }
      ArrayNode access;
      try {
        access = access(query.all("scope"));
      } catch (IllegalArgumentException e) {
        reply(exchange, 400, error("INVALID_SCOPE", e.getMessage()));
        return;
      }
      String token = signer.sign(claims(access));
      issued.incrementAndGet();
      ObjectNode body = JSON.createObjectNode();
      body.put("token", token);
      body.put("access_token", token);
      body.put("expires_in", LIFETIME_SECONDS);
      body.put("issued_at", Instant.now().toString());
      reply(exchange, 200, body);
    }
  }

  /** The OAuth2 refresh-token grant: the form carries the identity token instead of a password. */
  private void handleRefresh(HttpExchange exchange) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
      reply(exchange, 400, oauthError("invalid_request", "the body must be a form"));
      return;
    }
    Query form = Query.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (!"refresh_token".equals(form.first("grant_type"))) {
      reply(exchange, 400, oauthError("unsupported_grant_type", "only refresh_token is granted"));
      return;
    }
    if (!identityToken.equals(form.first("refresh_token"))) {
      reply(exchange, 401, oauthError("invalid_grant", "unknown refresh token"));
      return;
    }
    String service = form.first("service");
    if (service == null || !service.equals(SERVICE)) {
      reply(exchange, 400, oauthError("invalid_request", "this server issues tokens for " + SERVICE));
      return;
    }
    ArrayNode access;
    try {
      access = access(form.all("scope"));
    } catch (IllegalArgumentException e) {
      reply(exchange, 400, oauthError("invalid_scope", e.getMessage()));
      return;
    }
    String token = signer.sign(claims(access));
    issued.incrementAndGet();
    refreshGrants.incrementAndGet();
    ObjectNode body = JSON.createObjectNode();
    body.put("access_token", token);
    body.put("expires_in", LIFETIME_SECONDS);
    body.put("issued_at", Instant.now().toString());
    reply(exchange, 200, body);
  }

  private ObjectNode claims(ArrayNode access) {
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = JSON.createObjectNode();
    claims.put("iss", ISSUER);
    claims.put("sub", subject);
    claims.put("aud", SERVICE);
    claims.put("exp", now + LIFETIME_SECONDS);
    claims.put("nbf", now);
    claims.put("iat", now);
    claims.put("jti", UUID.randomUUID().toString());
    claims.set("access", access);
    return claims;
  }

  /** Grants what each scope asks for; scopes may also come space separated in one parameter. */
  private static ArrayNode access(List<String> scopeParameters) {
    ArrayNode access = JSON.createArrayNode();
    for (String parameter : scopeParameters) {
      for (String scope : parameter.trim().split(" +")) {
        if (scope.isEmpty()) {
          continue;
        }
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first <= 0 || last <= first + 1) {
          throw new IllegalArgumentException("malformed scope \"" + scope + "\"");
        }
        ObjectNode entry = access.addObject();
        entry.put("type", scope.substring(0, first));
        entry.put("name", scope.substring(first + 1, last));
        ArrayNode actions = entry.putArray("actions");
        for (String action : scope.substring(last + 1).split(",")) {
          if (GRANTABLE.contains(action)) {
            actions.add(action);
          }
        }
      }
    }
    return access;
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("errors").addObject().put("code", code).put("message", message);
    return body;
  }

  private static ObjectNode oauthError(String code, String description) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", code);
    body.put("error_description", description);
    return body;
  }

  private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** A decoded query string that keeps repeated parameters ({@code scope} may repeat). */
  private record Query(List<String[]> pairs) {

    static Query parse(String raw) {
      List<String[]> pairs = new ArrayList<>();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          int eq = pair.indexOf('=');
          String key = eq < 0 ? pair : pair.substring(0, eq);
          String value = eq < 0 ? "" : pair.substring(eq + 1);
          pairs.add(new String[] {decode(key), decode(value)});
        }
      }
      return new Query(pairs);
    }

    String first(String key) {
      List<String> values = all(key);
      return values.isEmpty() ? null : values.getFirst();
    }

    List<String> all(String key) {
      return pairs.stream().filter(p -> p[0].equals(key)).map(p -> p[1]).toList();
    }

    private static String decode(String text) {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
  }
}

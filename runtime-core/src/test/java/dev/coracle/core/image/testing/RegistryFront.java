package dev.coracle.core.image.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on 127.0.0.1 in front of a plain-HTTP registry, for what a registry out there
 * does and a test registry does not: redirect blob downloads to storage on another host, refuse
 * one repository with 403, answer slowly. Requests no rule claims are forwarded to the registry
 * with their {@code Accept} and {@code Authorization} headers, and the registry's answer is sent
 * back (status, body, and the headers a client reads). Every request is recorded.
 *
 * <p>Point the client at {@link #host()}. Rules are checked in the order they were added.
 */
public final class RegistryFront implements AutoCloseable {

  /** A request the front received; {@code authorization} is null when the client sent none. */
  public record Seen(String method, String path, String authorization) {}

  private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([a-z0-9]+:[a-f0-9]+)");
  private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
  private static final List<String> RETURNED_HEADERS = List.of("Content-Type", "Docker-Content-Digest",
      "WWW-Authenticate", "Location", "Docker-Distribution-Api-Version");

  /** Answers a request and returns true, or returns false to leave it to the next rule. */
  @FunctionalInterface
  private interface Rule {
    boolean answer(HttpExchange exchange, String path) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService handlers;
  private final HttpClient upstream;
  private final String upstreamHost;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  private RegistryFront(HttpServer server, ExecutorService handlers, String upstreamHost) {
    this.server = server;
    this.handlers = handlers;
    this.upstreamHost = upstreamHost;
    this.upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Starts a front for the registry at {@code host:port} (e.g. {@link TestRegistry#host()}). */
  public static RegistryFront to(String upstreamHost) {
    ExecutorService handlers = Executors.newCachedThreadPool(
        Thread.ofPlatform().name("registry-front-", 0).daemon(true).factory());
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      RegistryFront front = new RegistryFront(server, handlers, upstreamHost);
      server.setExecutor(handlers);
      server.createContext("/", front::handle);
      server.start();
      return front;
    } catch (IOException e) {
      handlers.shutdownNow();
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT} of the front: the registry part of image references. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request received so far, in order. */
  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /**
   * Answers blob GETs ({@code /v2/REPO/blobs/DIGEST}) with {@code 307} and the {@code Location}
   * the function makes of the request's path, as registries backed by object storage do.
   */
  public RegistryFront redirectBlobs(UnaryOperator<String> location) {
    rules.add((exchange, path) -> {
      if (!BLOB.matcher(path).matches()) {
        return false;
      }
      exchange.getResponseHeaders().add("Location", location.apply(path));
      send(exchange, 307, new byte[0]);
      return true;
    });
    return this;
  }

  /** Serves {@code PREFIX/...} as the registry's {@code /...}: the target of a relative redirect. */
  public RegistryFront serveUnder(String prefix) {
    rules.add((exchange, path) -> {
      if (!path.startsWith(prefix + "/")) {
        return false;
      }
      forward(exchange, path.substring(prefix.length()));
      return true;
    });
    return this;
  }

  /** Refuses every request for one repository with {@code status} and a distribution error body. */
  public RegistryFront refuse(String repository, int status) {
    rules.add((exchange, path) -> {
      if (!repository.equals(repositoryOf(path))) {
        return false;
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      send(exchange, status, ("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is"
          + " denied\"}]}").getBytes(StandardCharsets.UTF_8));
      return true;
    });
    return this;
  }

  /** Holds manifest requests for one repository for {@code delay} before forwarding them. */
  public RegistryFront delayManifests(String repository, Duration delay) {
    rules.add((exchange, path) -> {
      Matcher manifest = MANIFEST.matcher(path);
      if (manifest.matches() && manifest.group(1).equals(repository)) {
        sleep(delay);
      }
      return false;
    });
    return this;
  }

  /** Stops at once: requests in flight are cut, delayed ones interrupted. */
  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    upstream.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization")));
      for (Rule rule : rules) {
        if (rule.answer(exchange, path)) {
          return;
        }
      }
      forward(exchange, path);
    }
  }

  private void forward(HttpExchange exchange, String path) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://" + upstreamHost + path + (query == null ? "" : "?" + query)))
        .timeout(Duration.ofSeconds(30))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
    for (String name : List.of("Accept", "Authorization")) {
      String value = exchange.getRequestHeaders().getFirst(name);
      if (value != null) {
        request.header(name, value);
      }
    }
    HttpResponse<byte[]> response;
    try {
      response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding " + path, e);
    }
    for (String name : RETURNED_HEADERS) {
      response.headers().allValues(name).forEach(v -> exchange.getResponseHeaders().add(name, v));
    }
    boolean head = exchange.getRequestMethod().equals("HEAD");
    send(exchange, response.statusCode(), head ? null : response.body());
  }

  /** The repository a {@code /v2/REPO/(blobs|manifests)/...} path names, or null. */
  private static String repositoryOf(String path) {
    for (Pattern pattern : List.of(BLOB, MANIFEST)) {
      Matcher matcher = pattern.matcher(path);
      if (matcher.matches()) {
        return matcher.group(1);
      }
    }
    return null;
  }

  /** Sends status and body; a null body means none at all (HEAD). */
  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (body == null || body.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sleep(Duration delay) throws IOException {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while delaying", e);
    }
  }
}

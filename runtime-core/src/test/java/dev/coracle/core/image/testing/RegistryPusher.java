package dev.coracle.core.image.testing;

import dev.coracle.core.image.ref.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Pushes blobs and manifests to a registry over the distribution HTTP API, answering basic and
 * bearer challenges with the registry's credentials. It shares nothing with the runtime's own
 * registry client, so a bug there cannot hide behind the same bug here.
 */
public final class RegistryPusher {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final String baseUrl;
  private final HttpClient client;
  private final RegistryAuth auth;

  /** A pusher for a test registry, over HTTPS trusting its CA if it serves TLS. */
  public RegistryPusher(TestRegistry registry) {
    this(registry.baseUrl(), registry.sslContext(), registry.username(), registry.password());
  }

  /** A pusher for any plain-HTTP registry, e.g. one behind a {@link FaultyProxy}. */
  public RegistryPusher(String host, String username, String password) {
    this("http://" + host, null, username, password);
  }

  private RegistryPusher(String baseUrl, SSLContext tls, String username, String password) {
    this.baseUrl = baseUrl;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10));
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.client = builder.build();
    this.auth = new RegistryAuth(client, username, password);
  }

  /** Uploads a blob in one request (POST, then PUT with the digest), unless it is there already. */
  public Digest pushBlob(String repository, byte[] blob) {
    Digest digest = Digest.sha256(blob);
    pushBlob(repository, digest, HttpRequest.BodyPublishers.ofByteArray(blob));
    return digest;
  }

  /** The same for a blob in a file, streamed: large layers never sit in memory. */
  public Digest pushBlob(String repository, Path file) {
    try {
      Digest digest = digestOf(file);
      pushBlob(repository, digest, HttpRequest.BodyPublishers.ofFile(file));
      return digest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Puts a manifest (or index) under a tag or digest; returns its digest, checked against the registry's. */
  public Digest pushManifest(String repository, String reference, String mediaType, byte[] json) {
    Digest digest = Digest.sha256(json);
    HttpResponse<String> response = send(repository, request(repository, "/manifests/" + reference)
        .header("Content-Type", mediaType)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(json)));
    expect(response, 201);
    String answered = response.headers().firstValue("Docker-Content-Digest").orElse(digest.toString());
    if (!answered.equals(digest.toString())) {
      throw new IllegalStateException("registry stored manifest " + reference + " as " + answered + ", not " + digest);
    }
    return digest;
  }

  /** Deletes a manifest by digest (the registry has deletes enabled). */
  public void deleteManifest(String repository, Digest digest) {
    expect(send(repository, request(repository, "/manifests/" + digest).DELETE()), 202);
  }

  /** Whether the registry holds the blob. */
  public boolean blobExists(String repository, Digest digest) {
    HttpResponse<String> response = send(repository,
        request(repository, "/blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() == 404) {
      return false;
    }
    expect(response, 200);
    return true;
  }

  private void pushBlob(String repository, Digest digest, HttpRequest.BodyPublisher body) {
    if (blobExists(repository, digest)) {
      return;
    }
    HttpResponse<String> started = send(repository,
        request(repository, "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()));
    expect(started, 202);
    String location = started.headers().firstValue("Location")
        .orElseThrow(() -> new IllegalStateException("upload started without a Location"));
    URI upload = URI.create(baseUrl + "/").resolve(location);
    URI put = URI.create(upload + (upload.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
    HttpResponse<String> finished = send(repository, HttpRequest.newBuilder(put)
        .timeout(TIMEOUT)
        .header("Content-Type", "application/octet-stream")
        .PUT(body));
    expect(finished, 201);
  }

  private HttpRequest.Builder request(String repository, String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/v2/" + repository + path)).timeout(TIMEOUT);
  }

  private HttpResponse<String> send(String repository, HttpRequest.Builder request) {
    return auth.send(repository, request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static void expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
          + response.statusCode() + " (expected " + status + "): " + response.body());
    }
  }

  private static Digest digestOf(Path file) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
      }
    }
    return Digest.of("sha256", sha256);
  }
}

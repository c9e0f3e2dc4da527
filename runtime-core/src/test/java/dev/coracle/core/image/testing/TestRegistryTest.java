package dev.coracle.core.image.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TestRegistryTest {

  private static final String REPO = "test/busybox";

  @Test
  void start_none_servesPushedImageOnLoopbackOnly() throws IOException {
    try (TestRegistry registry = TestRegistry.start(TestRegistry.Auth.NONE);
        RegistryHttp http = new RegistryHttp(registry.host())) {
      PushedImage image = new TestImages(registry).busybox(REPO, "latest");

      assertEquals(registry.host() + "/" + REPO + ":latest", image.reference());
      HttpResponse<byte[]> manifest = RegistryHttp.expectOk(http.manifest(REPO, "latest"));
      assertEquals(image.manifestDigest().toString(), manifest.headers().firstValue("Docker-Content-Digest").orElseThrow());
      assertEquals(image.manifestDigest(), Digest.sha256(manifest.body()));
      assertEquals(MediaTypes.OCI.manifest, manifest.headers().firstValue("Content-Type").orElseThrow());
      JsonNode json = RegistryHttp.json(manifest.body());
      assertBlobMatches(http, json.get("config"));
      assertEquals(image.layerDigests().size(), json.get("layers").size());
      for (JsonNode layer : json.get("layers")) {
        assertBlobMatches(http, layer);
      }
      assertEquals(List.of("0100007F"), listeningAddresses(Integer.parseInt(registry.host().split(":")[1])));
    }
  }

  @Test
  void start_basic_refusesMissingAndWrongCredentials() {
    try (TestRegistry registry = TestRegistry.start(TestRegistry.Auth.BASIC);
        RegistryHttp http = new RegistryHttp(registry.host())) {
      HttpResponse<byte[]> anonymous = http.get("/v2/");
      assertEquals(401, anonymous.statusCode());
      assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic "));
      assertEquals(401, http.get("/v2/", "Authorization", basic("coracle", "wrong")).statusCode());
      assertEquals(200, http.get("/v2/", "Authorization", basic(registry.username(), registry.password())).statusCode());

      PushedImage image = new TestImages(registry).busybox(REPO, "latest");

      assertEquals(401, http.manifest(REPO, "latest").statusCode());
      HttpResponse<byte[]> manifest = http.manifest(REPO, "latest", "Authorization", basic("coracle", "s3cret"));
      assertEquals(200, manifest.statusCode());
      assertEquals(image.manifestDigest(), Digest.sha256(manifest.body()));
    }
  }

  @Test
  void start_token_issuesTokensFromTheChallengedRealm() {
    try (TestRegistry registry = TestRegistry.start(TestRegistry.Auth.TOKEN);
        RegistryHttp http = new RegistryHttp(registry.host());
        RegistryHttp tokens = new RegistryHttp(hostOf(registry.tokenRealm()))) {
      HttpResponse<byte[]> anonymous = http.get("/v2/");
      assertEquals(401, anonymous.statusCode());
      String challenge = anonymous.headers().firstValue("WWW-Authenticate").orElseThrow();
      assertTrue(challenge.startsWith("Bearer "), challenge);
      Map<String, String> parameters = RegistryAuth.parameters(challenge);
      assertEquals(registry.tokenRealm(), parameters.get("realm"));
      assertEquals(registry.tokenService(), parameters.get("service"));
      String query = "/token?service=" + registry.tokenService() + "&scope=repository:" + REPO + ":pull";
      assertEquals(401, tokens.get(query).statusCode());
      assertEquals(401, tokens.get(query, "Authorization", basic("coracle", "wrong")).statusCode());
      assertEquals(0, registry.tokensIssued());

      PushedImage image = new TestImages(registry).busybox(REPO, "latest");
      int afterPush = registry.tokensIssued();
      assertTrue(afterPush > 0, "the push went through the token server");
      HttpResponse<byte[]> granted = tokens.get(query, "Authorization", basic("coracle", "s3cret"));
      assertEquals(200, granted.statusCode());
      JsonNode body = RegistryHttp.json(granted.body());
      assertEquals(300, body.get("expires_in").asInt());
      assertEquals(body.get("token").asText(), body.get("access_token").asText());
      assertEquals(afterPush + 1, registry.tokensIssued());

      HttpResponse<byte[]> manifest = http.manifest(REPO, "latest", "Authorization", "Bearer " + body.get("token").asText());
      assertEquals(200, manifest.statusCode());
      assertEquals(image.manifestDigest(), Digest.sha256(manifest.body()));
      assertEquals(401, http.manifest(REPO, "latest", "Authorization", "Bearer not-a-token").statusCode());
    }
  }

  @Test
  void token_refreshGrant_tradesOnlyTheIdentityTokenForAnAccessToken() throws Exception {
    try (TestRegistry registry = TestRegistry.start(TestRegistry.Auth.TOKEN);
        RegistryHttp http = new RegistryHttp(registry.host());
        HttpClient client = HttpClient.newHttpClient()) {
      PushedImage image = new TestImages(registry).busybox(REPO, "latest");
      int requests = registry.tokenRequests();
      String scope = "scope=repository:" + REPO + ":pull&service=" + registry.tokenService();

      HttpResponse<String> refused = client.send(refreshGrant(registry, "grant_type=refresh_token&refresh_token=nope&"
          + scope), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, refused.statusCode());
      assertTrue(refused.body().contains("invalid_grant"), refused.body());
      HttpResponse<String> granted = client.send(refreshGrant(registry, "grant_type=refresh_token&refresh_token="
          + registry.identityToken() + "&" + scope), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, granted.statusCode(), granted.body());

      assertEquals(1, registry.refreshGrants());
      assertEquals(requests + 2, registry.tokenRequests());
      String token = RegistryHttp.json(granted.body().getBytes(StandardCharsets.UTF_8)).get("access_token").asText();
      HttpResponse<byte[]> manifest = http.manifest(REPO, "latest", "Authorization", "Bearer " + token);
      assertEquals(image.manifestDigest(), Digest.sha256(RegistryHttp.expectOk(manifest).body()));
    }
  }

  @Test
  void mintToken_grantsPullOnItsRepositoryWithoutAskingTheTokenServer() {
    try (TestRegistry registry = TestRegistry.start(TestRegistry.Auth.TOKEN);
        RegistryHttp http = new RegistryHttp(registry.host())) {
      PushedImage image = new TestImages(registry).busybox(REPO, "latest");
      new TestImages(registry).busybox("other/busybox", "latest");
      int requests = registry.tokenRequests();

      String token = registry.mintToken(REPO);

      HttpResponse<byte[]> manifest = http.manifest(REPO, "latest", "Authorization", "Bearer " + token);
      assertEquals(image.manifestDigest(), Digest.sha256(RegistryHttp.expectOk(manifest).body()));
      assertEquals(401, http.manifest("other/busybox", "latest", "Authorization", "Bearer " + token).statusCode());
      assertEquals(requests, registry.tokenRequests());
    }
  }

  @Test
  void startTls_servesHttpsOnly_withACertificateOnlyItsCaVouchesFor() throws Exception {
    try (TestRegistry registry = TestRegistry.startTls(TestRegistry.Auth.BASIC);
        HttpClient trusting = HttpClient.newBuilder().sslContext(registry.sslContext()).build();
        HttpClient system = HttpClient.newHttpClient()) {
      PushedImage image = new TestImages(registry).busybox(REPO, "latest");
      assertTrue(registry.baseUrl().startsWith("https://127.0.0.1:"), registry.baseUrl());
      assertTrue(Files.readString(registry.caFile()).startsWith("-----BEGIN CERTIFICATE-----"));

      URI uri = URI.create(registry.baseUrl() + "/v2/" + REPO + "/manifests/latest");
      HttpRequest manifest = HttpRequest.newBuilder(uri)
          .header("Accept", RegistryHttp.ACCEPT_ALL)
          .header("Authorization", basic(registry.username(), registry.password()))
          .build();
      HttpResponse<byte[]> answer = trusting.send(manifest, HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, answer.statusCode());
      assertEquals(image.manifestDigest(), Digest.sha256(answer.body()));
      assertThrows(SSLHandshakeException.class, () -> system.send(manifest, HttpResponse.BodyHandlers.discarding()));
      try (RegistryHttp plain = new RegistryHttp(registry.host())) {
        assertEquals(400, plain.get("/v2/").statusCode(), "no plain HTTP on the TLS port");
      }
    }
  }

  @Test
  void deleteManifest_token_removesTheManifest() {
    try (TestRegistry registry = TestRegistry.start(TestRegistry.Auth.TOKEN)) {
      PushedImage image = new TestImages(registry).busybox(REPO, "doomed");
      RegistryPusher pusher = new RegistryPusher(registry);

      pusher.deleteManifest(REPO, image.manifestDigest());

      IllegalStateException gone = assertThrows(IllegalStateException.class,
          () -> pusher.deleteManifest(REPO, image.manifestDigest()));
      assertTrue(gone.getMessage().contains("answered 404"), gone.getMessage());
    }
  }

  @Test
  void restart_keepsPortAndContent() {
    try (TestRegistry registry = TestRegistry.start(TestRegistry.Auth.NONE);
        RegistryHttp http = new RegistryHttp(registry.host())) {
      PushedImage image = new TestImages(registry).busybox(REPO, "v1");
      String host = registry.host();

      registry.stop();
      assertFalse(registry.isRunning());
      UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> http.get("/v2/"));
      assertTrue(refused.getCause() instanceof ConnectException, refused.toString());
      registry.restart();

      assertEquals(host, registry.host());
      assertEquals(image.manifestDigest(), Digest.sha256(RegistryHttp.expectOk(http.manifest(REPO, "v1")).body()));
    }
  }

  @Test
  void close_stopsRegistryAndDeletesItsDirectory() {
    TestRegistry registry = TestRegistry.start(TestRegistry.Auth.BASIC);
    Path dir = registry.logFile().getParent();
    assertTrue(Files.isDirectory(dir.resolve("storage")) || Files.exists(dir.resolve("htpasswd")));

    registry.close();

    assertFalse(registry.isRunning());
    assertFalse(Files.exists(dir));
    try (RegistryHttp http = new RegistryHttp(registry.host())) {
      assertThrows(UncheckedIOException.class, () -> http.get("/v2/"));
    }
  }

  private static void assertBlobMatches(RegistryHttp http, JsonNode descriptor) {
    Digest digest = Digest.parse(descriptor.get("digest").asText());
    byte[] blob = http.blob(REPO, digest);
    assertEquals(descriptor.get("size").asLong(), blob.length, digest.toString());
    assertEquals(digest, Digest.sha256(blob));
  }

  /** The local addresses (hex, as the kernel writes them) of TCP sockets listening on a port. */
  private static List<String> listeningAddresses(int port) throws IOException {
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    List<String> addresses = new ArrayList<>();
    for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        String[] local = fields[1].split(":");
        if (local[1].equals(hexPort) && fields[3].equals("0A")) {
          addresses.add(local[0]);
        }
      }
    }
    return addresses;
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpRequest refreshGrant(TestRegistry registry, String form) {
    return HttpRequest.newBuilder(URI.create(registry.tokenRealm()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
  }

  private static String hostOf(String url) {
    String rest = url.substring("http://".length());
    return rest.substring(0, rest.indexOf('/'));
  }
}

package dev.coracle.core.image.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultyProxyTest {

  private static TestRegistry registry;
  private static PushedImage image;
  private static byte[] layer;
  private FaultyProxy proxy;

  @BeforeAll
  static void pushBusybox() {
    registry = TestRegistry.start(TestRegistry.Auth.NONE);
    image = new TestImages(registry).busybox("proxy/busybox", "latest");
    try (RegistryHttp http = new RegistryHttp(registry.host())) {
      layer = http.blob(image.repository(), image.layerDigests().getFirst());
    }
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void startProxy() {
    proxy = FaultyProxy.to(registry.host());
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  @Test
  void cutAfterBytes_closesTheConnectionAfterThatManyBodyBytesOnce() throws IOException {
    proxy.cutAfterBytes(1000);

    RawResponse cut = rawGet(layerPath());
    assertTrue(cut.head().contains("Content-Length: " + layer.length), cut.head());
    assertArrayEquals(Arrays.copyOf(layer, 1000), cut.body());
    assertEquals(1, proxy.cuts());
    RawResponse retry = rawGet(layerPath());
    assertArrayEquals(layer, retry.body());
  }

  @Test
  void cutAfterBytes_failsAnHttpClientMidBody() {
    proxy.cutAfterBytes(layer.length / 2);

    try (RegistryHttp http = new RegistryHttp(proxy.host())) {
      assertThrows(UncheckedIOException.class, () -> http.get(layerPath()));
      assertArrayEquals(layer, RegistryHttp.expectOk(http.get(layerPath())).body());
    }
  }

  @Test
  void corruptByteAt_flipsExactlyThatBodyByteOnce() throws IOException {
    proxy.corruptByteAt(100);

    byte[] corrupted = rawGet(layerPath()).body();
    assertEquals(layer.length, corrupted.length);
    assertEquals((byte) (layer[100] ^ 0xff), corrupted[100]);
    corrupted[100] = layer[100];
    assertArrayEquals(layer, corrupted);
    assertEquals(1, proxy.corruptions());
    assertArrayEquals(layer, rawGet(layerPath()).body());
  }

  @Test
  void corruptByteAt_skipsHeadResponsesAndShorterBodiesOnAKeptAliveConnection() {
    proxy.corruptByteAt(10_000);

    try (RegistryHttp http = new RegistryHttp(proxy.host())) {
      assertEquals(200, http.send("HEAD", layerPath()).statusCode());
      byte[] config = RegistryHttp.expectOk(http.get("/v2/" + image.repository() + "/blobs/" + image.configDigest())).body();
      assertEquals(image.configDigest(), Digest.sha256(config));
      HttpResponse<byte[]> corrupted = RegistryHttp.expectOk(http.get(layerPath()));
      assertEquals(layer.length, corrupted.body().length);
      assertNotEquals(image.layerDigests().getFirst(), Digest.sha256(corrupted.body()));
      assertEquals(1, proxy.corruptions());
    }
  }

  @Test
  void corruptByteAt_chunkedBody_countsPayloadBytesNotFraming() throws IOException {
    byte[] payload = new byte[50_000];
    new Random(7).nextBytes(payload);
    HttpServer chunked = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    chunked.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        for (int from = 0; from < payload.length; from += 7_000) {
          body.write(payload, from, Math.min(7_000, payload.length - from));
          body.flush();
        }
      }
    });
    chunked.start();
    try (FaultyProxy toChunked = FaultyProxy.to("127.0.0.1:" + chunked.getAddress().getPort());
        RegistryHttp http = new RegistryHttp(toChunked.host())) {
      toChunked.corruptByteAt(20_000);

      HttpResponse<byte[]> response = http.get("/blob");

      assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElse(""));
      byte[] expected = payload.clone();
      expected[20_000] ^= (byte) 0xff;
      assertArrayEquals(expected, response.body());
      assertArrayEquals(payload, http.get("/blob").body());
    } finally {
      chunked.stop(0);
    }
  }

  @Test
  void reset_disarmsBothFaults() throws IOException {
    proxy.cutAfterBytes(0);
    proxy.corruptByteAt(0);

    proxy.reset();

    assertArrayEquals(layer, rawGet(layerPath()).body());
    assertEquals(0, proxy.cuts());
    assertEquals(0, proxy.corruptions());
  }

  @Test
  void connect_registryStopped_closesTheClientAndServesAgainAfterRestart() {
    try (RegistryHttp http = new RegistryHttp(proxy.host())) {
      registry.stop();
      try {
        assertThrows(UncheckedIOException.class, () -> http.get(layerPath()));
      } finally {
        registry.restart();
      }
      assertArrayEquals(layer, RegistryHttp.expectOk(http.get(layerPath())).body());
    }
  }

  @Test
  void pusher_throughTheProxy_uploadsBlobsAndManifests() {
    RegistryPusher pusher = new RegistryPusher(proxy.host(), null, null);
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);

    Digest configDigest = pusher.pushBlob("proxy/pushed", config);
    byte[] manifest = ImageJson.manifest(MediaTypes.OCI.manifest,
        new ImageJson.Descriptor(MediaTypes.OCI.config, configDigest, config.length), List.of());
    Digest manifestDigest = pusher.pushManifest("proxy/pushed", "v1", MediaTypes.OCI.manifest, manifest);

    try (RegistryHttp http = new RegistryHttp(registry.host())) {
      assertArrayEquals(config, http.blob("proxy/pushed", configDigest));
      assertArrayEquals(manifest, RegistryHttp.expectOk(http.manifest("proxy/pushed", "v1")).body());
      assertEquals(manifestDigest, Digest.sha256(manifest));
    }
  }

  private static String layerPath() {
    return "/v2/" + image.repository() + "/blobs/" + image.layerDigests().getFirst();
  }

  private record RawResponse(String head, byte[] body) {}

  /** One GET on a fresh socket, read to the end of the stream: shows exactly what the proxy let through. */
  private RawResponse rawGet(String path) throws IOException {
    int port = Integer.parseInt(proxy.host().split(":")[1]);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + proxy.host() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      byte[] bytes = all.toByteArray();
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n") + 4;
      return new RawResponse(text.substring(0, end), Arrays.copyOfRange(bytes, end, bytes.length));
    }
  }
}

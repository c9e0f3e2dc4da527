package dev.coracle.core.image.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Raw HTTP reads from a registry for the fixtures' own tests: no auth, no retries, nothing clever. */
final class RegistryHttp implements AutoCloseable {

  static final String ACCEPT_ALL = String.join(", ", MediaTypes.OCI.manifest, MediaTypes.OCI.index,
      MediaTypes.DOCKER.manifest, MediaTypes.DOCKER.index);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String host;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  RegistryHttp(String host) {
    this.host = host;
  }

  /** GET (or HEAD) a path under {@code http://host}, with header name/value pairs. */
  HttpResponse<byte[]> send(String method, String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> get(String path, String... headers) {
    return send("GET", path, headers);
  }

  HttpResponse<byte[]> manifest(String repository, String reference, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Accept";
    all[1] = ACCEPT_ALL;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return get("/v2/" + repository + "/manifests/" + reference, all);
  }

  JsonNode manifestJson(String repository, String reference) {
    return json(expectOk(manifest(repository, reference)).body());
  }

  byte[] blob(String repository, Digest digest) {
    return expectOk(get("/v2/" + repository + "/blobs/" + digest)).body();
  }

  JsonNode blobJson(String repository, Digest digest) {
    return json(blob(repository, digest));
  }

  static HttpResponse<byte[]> expectOk(HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new AssertionError(response.request().uri() + " answered " + response.statusCode() + ": "
          + new String(response.body()));
    }
    return response;
  }

  static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The uncompressed tar of a layer blob, whatever it was compressed with. */
  static byte[] uncompress(byte[] blob) {
    try (InputStream in = switch (Compression.sniff(blob, blob.length)) {
      case NONE -> new ByteArrayInputStream(blob);
      case GZIP -> new GZIPInputStream(new ByteArrayInputStream(blob));
      case ZSTD -> new ZstdInputStream(new ByteArrayInputStream(blob));
    }) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One tar entry with its bytes. */
  record TarItem(TarArchiveEntry entry, byte[] content) {}

  static List<TarItem> entries(byte[] blob) {
    List<TarItem> items = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(uncompress(blob)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        items.add(new TarItem(entry, tar.readAllBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return items;
  }

  static TarItem entry(List<TarItem> items, String name) {
    return items.stream().filter(i -> i.entry().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + name + " in " + items.stream().map(i -> i.entry().getName()).toList()));
  }

  @Override
  public void close() {
    client.close();
  }
}

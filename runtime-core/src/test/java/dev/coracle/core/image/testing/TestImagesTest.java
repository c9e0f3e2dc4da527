package dev.coracle.core.image.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.testing.RegistryHttp.TarItem;
import dev.coracle.core.image.testing.TestImages.Escape;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestImagesTest {

  private static TestRegistry registry;
  private static RegistryHttp http;
  private static TestImages images;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.start(TestRegistry.Auth.NONE);
    http = new RegistryHttp(registry.host());
    images = new TestImages(registry);
  }

  @AfterAll
  static void stopRegistry() {
    http.close();
    registry.close();
  }

  @Test
  void busybox_configAndLayerDescribeARunnableRoot() {
    PushedImage image = images.busybox("images/busybox", "latest");

    JsonNode config = http.blobJson(image.repository(), image.configDigest());
    assertEquals("amd64", config.get("architecture").asText());
    assertEquals("linux", config.get("os").asText());
    assertEquals("[\"sh\"]", config.at("/config/Cmd").toString());
    assertEquals("busybox", config.at("/config/Labels/org.coracle.test").asText());
    assertEquals("SIGTERM", config.at("/config/StopSignal").asText());
    assertTrue(config.at("/config/ExposedPorts").has("80/tcp"));
    byte[] layer = http.blob(image.repository(), image.layerDigests().getFirst());
    assertEquals(image.diffIds().getFirst(), Digest.sha256(RegistryHttp.uncompress(layer)));
    assertEquals(image.diffIds().getFirst().toString(), config.at("/rootfs/diff_ids/0").asText());
    assertEquals(layer.length, image.compressedSize());

    List<TarItem> entries = RegistryHttp.entries(layer);
    assertArrayEquals(TestLayers.busyboxBinary(), RegistryHttp.entry(entries, "bin/busybox").content());
    assertEquals(0755, RegistryHttp.entry(entries, "bin/busybox").entry().getMode() & 07777);
    assertEquals("busybox", RegistryHttp.entry(entries, "bin/sh").entry().getLinkName());
    assertTrue(RegistryHttp.entry(entries, "bin/[").entry().isSymbolicLink());
    assertTrue(text(RegistryHttp.entry(entries, "etc/passwd")).contains("app:x:1000:1000:app:/home/app:/bin/sh\n"));
    assertTrue(text(RegistryHttp.entry(entries, "etc/group")).contains("extra:x:2000:app\n"));
    assertEquals(01777, RegistryHttp.entry(entries, "tmp/").entry().getMode() & 07777);
    assertEquals(1000, RegistryHttp.entry(entries, "home/app/").entry().getLongUserId());
  }

  @Test
  void busybox_pushedTwice_hasTheSameDigests() {
    PushedImage first = images.busybox("images/again-a", "latest");
    PushedImage second = images.busybox("images/again-b", "latest");

    assertEquals(first.manifestDigest(), second.manifestDigest());
    assertEquals(first.layerDigests(), second.layerDigests());
  }

  @Test
  void multiArch_listsThreePlatformsWithAmd64NotFirstAndAnAttestation() {
    PushedImage index = images.multiArch("images/multi", "latest");

    JsonNode json = http.manifestJson(index.repository(), "latest");
    assertEquals(MediaTypes.OCI.index, json.get("mediaType").asText());
    List<String> platforms = new ArrayList<>();
    for (JsonNode entry : json.get("manifests")) {
      JsonNode platform = entry.get("platform");
      platforms.add(platform.get("os").asText() + "/" + platform.get("architecture").asText()
          + (platform.has("variant") ? "/" + platform.get("variant").asText() : ""));
    }
    assertEquals(List.of("linux/arm64/v8", "linux/s390x", "linux/amd64", "unknown/unknown"), platforms);
    JsonNode attestation = json.get("manifests").get(3);
    assertEquals("attestation-manifest", attestation.at("/annotations/vnd.docker.reference.type").asText());
    PushedImage amd64 = index.children().get("linux/amd64");
    assertEquals(amd64.manifestDigest().toString(), json.at("/manifests/2/digest").asText());
    assertEquals(amd64.manifestDigest().toString(), attestation.at("/annotations/vnd.docker.reference.digest").asText());
    assertEquals(amd64.configDigest(), index.configDigest());
    assertEquals(List.of("linux/arm64/v8", "linux/s390x", "linux/amd64"), List.copyOf(index.children().keySet()));

    PushedImage arm64 = index.children().get("linux/arm64/v8");
    List<TarItem> entries = RegistryHttp.entries(http.blob(arm64.repository(), arm64.layerDigests().getFirst()));
    assertEquals("arm64/v8\n", text(RegistryHttp.entry(entries, "arch")));
    assertEquals("arm64", http.blobJson(arm64.repository(), arm64.configDigest()).get("architecture").asText());
    assertEquals(arm64.manifestDigest(), Digest.sha256(RegistryHttp.expectOk(http.manifest(arm64.repository(), "latest-arm64")).body()));
  }

  @Test
  void dockerSchema2_usesDockerMediaTypesThroughout() {
    PushedImage list = images.dockerSchema2("images/docker", "latest");

    JsonNode json = http.manifestJson(list.repository(), "latest");
    assertEquals(MediaTypes.DOCKER.index, json.get("mediaType").asText());
    assertEquals(MediaTypes.DOCKER.index, list.manifestMediaType());
    PushedImage amd64 = list.children().get("linux/amd64");
    JsonNode manifest = http.manifestJson(list.repository(), amd64.manifestDigest().toString());
    assertEquals(MediaTypes.DOCKER.manifest, manifest.get("mediaType").asText());
    assertEquals(MediaTypes.DOCKER.config, manifest.at("/config/mediaType").asText());
    assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip", manifest.at("/layers/0/mediaType").asText());
  }

  @Test
  void layered_upperLayerHoldsEveryKindOfEntry() {
    PushedImage image = images.layered("images/layered", "latest");

    assertEquals(2, image.layerDigests().size());
    List<TarItem> lower = RegistryHttp.entries(http.blob(image.repository(), image.layerDigests().get(0)));
    assertEquals("gone\n", text(RegistryHttp.entry(lower, "data/gone")));
    assertEquals("a\n", text(RegistryHttp.entry(lower, "opq/a")));
    List<TarItem> upper = RegistryHttp.entries(http.blob(image.repository(), image.layerDigests().get(1)));
    RegistryHttp.entry(upper, "data/.wh.gone");
    RegistryHttp.entry(upper, "opq/.wh..wh..opq");
    assertEquals("c\n", text(RegistryHttp.entry(upper, "opq/c")));
    assertEquals("data/keep", RegistryHttp.entry(upper, "data/hard").entry().getLinkName());
    assertTrue(RegistryHttp.entry(upper, "data/hard").entry().isLink());
    var device = RegistryHttp.entry(upper, "dev-test/null").entry();
    assertTrue(device.isCharacterDevice());
    assertEquals(List.of(1, 3), List.of(device.getDevMajor(), device.getDevMinor()));
    assertTrue(RegistryHttp.entry(upper, "dev-test/fifo").entry().isFIFO());
    assertEquals(04755, RegistryHttp.entry(upper, "bin/suid").entry().getMode() & 07777);
    var owned = RegistryHttp.entry(upper, "home/app/owned").entry();
    assertEquals(List.of(1000L, 1000L), List.of(owned.getLongUserId(), owned.getLongGroupId()));
    assertEquals("yes", RegistryHttp.entry(upper, "data/xattr").entry().getExtraPaxHeader("SCHILY.xattr.user.coracle"));
    assertEquals("/data/keep", RegistryHttp.entry(upper, "link").entry().getLinkName());
    assertTrue(TestImages.LONG_PATH.length() > 100);
    RegistryHttp.entry(upper, TestImages.LONG_PATH);
    List<String> names = upper.stream().map(i -> i.entry().getName()).toList();
    assertTrue(names.indexOf("data/keep") < names.indexOf("data/hard"), "a hard link follows its target");
  }

  @Test
  void zstd_layerIsZstdAndItsDiffIdIsTheTar() {
    PushedImage image = images.zstd("images/zstd", "latest");

    JsonNode manifest = http.manifestJson(image.repository(), "latest");
    assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", manifest.at("/layers/0/mediaType").asText());
    byte[] blob = http.blob(image.repository(), image.layerDigests().getFirst());
    assertEquals(Compression.ZSTD, Compression.sniff(blob, blob.length));
    assertEquals(image.diffIds().getFirst(), Digest.sha256(RegistryHttp.uncompress(blob)));
  }

  @ParameterizedTest
  @EnumSource(Escape.class)
  void escaping_eachKind_layerCarriesTheEscape(Escape kind) {
    PushedImage image = images.escaping("images/escape", kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), kind);

    List<TarItem> entries = RegistryHttp.entries(http.blob(image.repository(), image.layerDigests().getFirst()));
    String victim = Escape.VICTIM;
    switch (kind) {
      case DOT_DOT -> RegistryHttp.entry(entries, "../../../" + victim);
      case ABSOLUTE -> RegistryHttp.entry(entries, "/tmp/" + victim);
      case SYMLINK_PARENT -> {
        assertEquals("/tmp", RegistryHttp.entry(entries, "escape").entry().getLinkName());
        RegistryHttp.entry(entries, "escape/" + victim);
      }
      case SYMLINK_DOTDOT -> {
        assertEquals("../../..", RegistryHttp.entry(entries, "escape").entry().getLinkName());
        RegistryHttp.entry(entries, "escape/" + victim);
      }
      case HARDLINK_OUT -> assertEquals("../../../" + victim, RegistryHttp.entry(entries, "escape").entry().getLinkName());
    }
    JsonNode config = http.blobJson(image.repository(), image.configDigest());
    assertEquals(image.diffIds().getFirst().toString(), config.at("/rootfs/diff_ids/0").asText());
  }

  @Test
  void large_spreadsIncompressibleFilesOverFourLayers() {
    long bulk = 2L << 20;
    PushedImage image = images.large("images/large", "latest", bulk, 10);

    assertEquals(5, image.layerDigests().size());
    long busybox = http.blob(image.repository(), image.layerDigests().getFirst()).length;
    long bulkCompressed = image.compressedSize() - busybox;
    assertTrue(bulkCompressed >= bulk && bulkCompressed < bulk + bulk / 20, "bulk layers take " + bulkCompressed);
    List<TarItem> last = RegistryHttp.entries(http.blob(image.repository(), image.layerDigests().get(4)));
    assertEquals(bulk / 10, RegistryHttp.entry(last, "bulk/000009.bin").content().length);
  }

  private static String text(TarItem item) {
    return new String(item.content(), StandardCharsets.UTF_8);
  }
}

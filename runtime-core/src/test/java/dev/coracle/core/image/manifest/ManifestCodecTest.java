package dev.coracle.core.image.manifest;

import static dev.coracle.core.image.manifest.Documents.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.ref.Platform;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestCodecTest {

  private static final String SCHEMA1_MESSAGE =
      "Docker schema 1 manifests are not supported (deprecated); re-push the image with a current client";

  @Test
  void readIndex_ociIndex_readsEveryEntryWithPlatformAndAnnotations() {
    ImageIndex index = ManifestCodec.readIndex(bytes(Documents.OCI_INDEX));

    assertEquals(2, index.schemaVersion());
    assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
    assertEquals(4, index.manifests().size());
    Descriptor arm64 = index.manifests().get(1);
    assertEquals(Digest.parse(Documents.ARM64), arm64.digest());
    assertEquals(1612, arm64.size());
    assertEquals(Platform.parse("linux/arm64/v8"), arm64.platform().toPlatform());
    Descriptor attestation = index.manifests().get(3);
    assertEquals("attestation-manifest", attestation.annotations().get("vnd.docker.reference.type"));
    assertEquals("2024-05-01T10:00:00Z", index.annotations().get("org.opencontainers.image.created"));
  }

  @Test
  void readIndex_dockerManifestList_readsWindowsVersionAndFeatures() {
    ImageIndex list = ManifestCodec.readIndex(bytes(Documents.DOCKER_LIST));

    assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, list.mediaType());
    PlatformSpec ltsc2022 = list.manifests().get(1).platform();
    assertEquals("10.0.20348.2227", ltsc2022.osVersion());
    assertEquals(List.of("win32k"), ltsc2022.osFeatures());
    assertEquals(List.of(), list.manifests().get(0).platform().osFeatures());
    assertEquals(Map.of(), list.annotations());
    assertEquals(List.of(), list.manifests().get(0).urls());
  }

  @Test
  void readIndex_withoutManifests_namesWhatIsMissing() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ManifestCodec.readIndex(bytes("{\"schemaVersion\": 2, \"mediaType\": \"" + MediaTypes.OCI_INDEX + "\"}")));

    assertTrue(e.getMessage().contains("\"manifests\""), e.getMessage());
  }

  @Test
  void readManifest_oci_readsConfigAndLayersInOrder() {
    ImageManifest manifest = ManifestCodec.readManifest(bytes(Documents.OCI_MANIFEST));

    assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
    assertEquals(new Descriptor(MediaTypes.OCI_CONFIG, Digest.parse(Documents.CONFIG), 1470, null, null, null),
        manifest.config());
    assertEquals(List.of(Digest.parse(Documents.LAYER1), Digest.parse(Documents.LAYER2)),
        manifest.layers().stream().map(Descriptor::digest).toList());
    assertEquals(List.of(MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_ZSTD),
        manifest.layers().stream().map(Descriptor::mediaType).toList());
    assertEquals("docker.io/library/busybox:1.36", manifest.annotations().get("org.opencontainers.image.base.name"));
  }

  @Test
  void readManifest_dockerV2_readsForeignLayerUrls() {
    ImageManifest manifest = ManifestCodec.readManifest(bytes(Documents.DOCKER_MANIFEST));

    assertEquals(MediaTypes.DOCKER_MANIFEST, manifest.mediaType());
    assertEquals(MediaTypes.DOCKER_CONFIG, manifest.config().mediaType());
    Descriptor foreign = manifest.layers().get(0);
    assertEquals(MediaTypes.DOCKER_FOREIGN_LAYER, foreign.mediaType());
    assertEquals(1443813584L, foreign.size());
    assertEquals(List.of("https://mcr.microsoft.com/v2/windows/servercore/blobs/" + Documents.LAYER1), foreign.urls());
    assertEquals(Map.of(), manifest.annotations());
  }

  @Test
  void readManifest_withoutConfig_namesWhatIsMissing() {
    String json = "{\"schemaVersion\": 2, \"mediaType\": \"" + MediaTypes.OCI_MANIFEST + "\", \"layers\": []}";

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ManifestCodec.readManifest(bytes(json)));

    assertTrue(e.getMessage().contains("no \"config\""), e.getMessage());
  }

  @Test
  void readManifest_withoutLayers_namesWhatIsMissing() {
    String json = "{\"schemaVersion\": 2, \"config\": {\"digest\": \"" + Documents.CONFIG + "\", \"size\": 1}}";

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ManifestCodec.readManifest(bytes(json)));

    assertTrue(e.getMessage().contains("no \"layers\""), e.getMessage());
  }

  @Test
  void readManifest_badLayerDigest_saysWhereAndWhat() {
    String json = Documents.OCI_MANIFEST.replace(Documents.LAYER2, "sha256:1234");

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ManifestCodec.readManifest(bytes(json)));

    assertTrue(e.getMessage().contains("layers[1].digest"), e.getMessage());
    assertTrue(e.getMessage().contains("\"sha256:1234\" is not a valid sha256 digest"), e.getMessage());
  }

  @Test
  void readManifest_layerWithoutDigest_isInvalid() {
    String json = Documents.OCI_MANIFEST.replace("\"digest\": \"" + Documents.LAYER1 + "\",", "");

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ManifestCodec.readManifest(bytes(json)));

    assertTrue(e.getMessage().contains("layers[0]"), e.getMessage());
    assertTrue(e.getMessage().contains("has no digest"), e.getMessage());
  }

  @Test
  void readManifest_schema1_isRefused() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ManifestCodec.readManifest(bytes(Documents.SCHEMA1)));

    assertEquals(SCHEMA1_MESSAGE, e.getMessage());
  }

  @Test
  void readConfig_readsEveryRunConfigField() {
    ImageConfig config = ManifestCodec.readConfig(bytes(Documents.CONFIG_FULL));

    assertEquals(Platform.parse("linux/arm64/v8"), new Platform(config.os(), config.architecture(), config.variant(), null));
    assertEquals("6.1", config.osVersion());
    assertEquals("2024-05-01T10:00:00.123456789Z", config.created());
    assertEquals("Coracle tests <tests@coracle.dev>", config.author());
    ImageConfig.RunConfig run = config.config();
    assertEquals("1000:1000", run.user());
    assertEquals(List.of("PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"), run.env());
    assertEquals(List.of("/bin/app", "--serve"), run.entrypoint());
    assertEquals(List.of("--port", "8080"), run.cmd());
    assertEquals("/srv", run.workingDir());
    assertEquals(List.of("8080/tcp", "53/udp"), List.copyOf(run.exposedPorts().keySet()));
    assertEquals(List.of("/data"), List.copyOf(run.volumes().keySet()));
    assertEquals(Map.of("org.opencontainers.image.title", "app", "maintainer", "tests"), run.labels());
    assertEquals("SIGQUIT", run.stopSignal());
    assertEquals("layers", config.rootfs().type());
    assertEquals(List.of(Digest.parse(Documents.LAYER1), Digest.parse(Documents.LAYER2)), config.rootfs().diffIds());
    assertEquals(3, config.history().size());
    assertEquals(new ImageConfig.History("2024-05-01T09:00:01Z", "ENV LANG=C.UTF-8", null, true), config.history().get(1));
    assertFalse(config.history().get(0).emptyLayer());
    assertEquals("buildkit.dockerfile.v0", config.history().get(0).comment());
  }

  @Test
  void readConfig_minimal_hasEmptyValuesNotNull() {
    ImageConfig config = ManifestCodec.readConfig(bytes(Documents.CONFIG_MINIMAL));

    ImageConfig.RunConfig run = config.config();
    assertNull(run.user());
    assertEquals(List.of(), run.env());
    assertEquals(List.of(), run.entrypoint());
    assertEquals(List.of(), run.cmd());
    assertEquals(Map.of(), run.exposedPorts());
    assertEquals(Map.of(), run.volumes());
    assertEquals(Map.of(), run.labels());
    assertEquals(List.of(), config.history());
    assertEquals(List.of(Digest.parse(Documents.LAYER1)), config.rootfs().diffIds());
  }

  @Test
  void readConfig_withoutRootfs_namesWhatIsMissing() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ManifestCodec.readConfig(bytes("{\"architecture\": \"amd64\", \"os\": \"linux\"}")));

    assertTrue(e.getMessage().contains("\"rootfs\""), e.getMessage());
  }

  @Test
  void readConfig_badDiffId_saysWhere() {
    String json = Documents.CONFIG_MINIMAL.replace(Documents.LAYER1, "sha256:ABC");

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ManifestCodec.readConfig(bytes(json)));

    assertTrue(e.getMessage().contains("rootfs.diff_ids[0]"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"schemaVersion\": 2,", "not json", "{\"manifests\": [}"})
  void read_malformedJson_isInvalidArgument(String json) {
    for (Function<byte[], ?> reader : List.<Function<byte[], ?>>of(
        ManifestCodec::readIndex, ManifestCodec::readManifest, ManifestCodec::readConfig)) {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> reader.apply(bytes(json)));
      assertTrue(e.getMessage().contains("malformed") || e.getMessage().contains("not a JSON object"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "42", "\"text\"", "null"})
  void read_notAnObject_isInvalidArgument(String json) {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ManifestCodec.readIndex(bytes(json)));

    assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
  }

  @Test
  void read_wrongTypeForDigest_isInvalidArgument() {
    String json = Documents.OCI_MANIFEST.replace("\"" + Documents.CONFIG + "\"", "42");

    assertThrows(InvalidArgumentException.class, () -> ManifestCodec.readManifest(bytes(json)));
  }

  @Test
  void mediaTypeOf_bodyMediaType_winsOverHeader() {
    assertEquals(MediaTypes.DOCKER_MANIFEST_LIST,
        ManifestCodec.mediaTypeOf(bytes(Documents.DOCKER_LIST), MediaTypes.OCI_MANIFEST));
    assertEquals(MediaTypes.OCI_MANIFEST, ManifestCodec.mediaTypeOf(bytes(Documents.OCI_MANIFEST), "application/json"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      application/vnd.oci.image.index.v1+json                                 | application/vnd.oci.image.index.v1+json
      application/vnd.docker.distribution.manifest.list.v2+json; charset=utf-8 | application/vnd.docker.distribution.manifest.list.v2+json
      application/vnd.docker.distribution.manifest.v2+json                    | application/vnd.docker.distribution.manifest.v2+json
      application/vnd.oci.image.manifest.v1+json ; charset=UTF-8              | application/vnd.oci.image.manifest.v1+json
      """)
  void mediaTypeOf_noBodyMediaType_usesHeaderWithoutParameters(String header, String expected) {
    String body = Documents.OCI_MANIFEST.replace("\"mediaType\": \"" + MediaTypes.OCI_MANIFEST + "\",", "");

    assertEquals(expected, ManifestCodec.mediaTypeOf(bytes(body), header));
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "text/plain; charset=utf-8", ""})
  void mediaTypeOf_noTypeAnywhere_decidesByShape(String header) {
    String index = Documents.OCI_INDEX.replace("\"mediaType\": \"" + MediaTypes.OCI_INDEX + "\",", "");
    String manifest = Documents.OCI_MANIFEST.replace("\"mediaType\": \"" + MediaTypes.OCI_MANIFEST + "\",", "");

    assertEquals(MediaTypes.OCI_INDEX, ManifestCodec.mediaTypeOf(bytes(index), header));
    assertEquals(MediaTypes.OCI_MANIFEST, ManifestCodec.mediaTypeOf(bytes(manifest), header));
  }

  @Test
  void mediaTypeOf_nullHeader_decidesByShape() {
    String index = "{\"schemaVersion\": 2, \"manifests\": []}";

    assertEquals(MediaTypes.OCI_INDEX, ManifestCodec.mediaTypeOf(bytes(index), null));
  }

  @Test
  void mediaTypeOf_schema1_isRefusedWhateverTheHeaderSays() {
    for (String header : new String[] {MediaTypes.DOCKER_SCHEMA1_SIGNED, MediaTypes.DOCKER_MANIFEST, null}) {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
          () -> ManifestCodec.mediaTypeOf(bytes(Documents.SCHEMA1), header));
      assertEquals(SCHEMA1_MESSAGE, e.getMessage());
    }
  }

  @Test
  void mediaTypeOf_schema1Header_isRefused() {
    String body = "{\"signatures\": []}";

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ManifestCodec.mediaTypeOf(bytes(body), MediaTypes.DOCKER_SCHEMA1_SIGNED + "; charset=utf-8"));

    assertEquals(SCHEMA1_MESSAGE, e.getMessage());
  }

  @Test
  void mediaTypeOf_unsupportedBodyMediaType_isInvalid() {
    String body = "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.artifact.manifest.v1+json\"}";

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ManifestCodec.mediaTypeOf(bytes(body), MediaTypes.OCI_MANIFEST));

    assertTrue(e.getMessage().contains("application/vnd.oci.artifact.manifest.v1+json"), e.getMessage());
  }

  @Test
  void mediaTypeOf_unrecognisableShape_isInvalid() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ManifestCodec.mediaTypeOf(bytes("{\"schemaVersion\": 2, \"config\": {}}"), "application/json"));

    assertTrue(e.getMessage().contains("\"manifests\""), e.getMessage());
  }

  @Test
  void mediaTypeOf_malformed_isInvalid() {
    assertThrows(InvalidArgumentException.class, () -> ManifestCodec.mediaTypeOf(bytes("{\"mediaType\""), null));
  }

  @Test
  void write_roundTripsEveryDocument() {
    ImageIndex index = ManifestCodec.readIndex(bytes(Documents.OCI_INDEX));
    ImageIndex list = ManifestCodec.readIndex(bytes(Documents.DOCKER_LIST));
    ImageManifest oci = ManifestCodec.readManifest(bytes(Documents.OCI_MANIFEST));
    ImageManifest docker = ManifestCodec.readManifest(bytes(Documents.DOCKER_MANIFEST));
    ImageConfig config = ManifestCodec.readConfig(bytes(Documents.CONFIG_FULL));

    assertEquals(index, ManifestCodec.readIndex(ManifestCodec.write(index)));
    assertEquals(list, ManifestCodec.readIndex(ManifestCodec.write(list)));
    assertEquals(oci, ManifestCodec.readManifest(ManifestCodec.write(oci)));
    assertEquals(docker, ManifestCodec.readManifest(ManifestCodec.write(docker)));
    assertEquals(config, ManifestCodec.readConfig(ManifestCodec.write(config)));
  }

  @Test
  void write_usesTheSpecFieldNames() throws Exception {
    ImageConfig config = ManifestCodec.readConfig(bytes(Documents.CONFIG_FULL));

    JsonNode tree = new ObjectMapper().readTree(ManifestCodec.write(config));

    assertEquals("6.1", tree.path("os.version").asText());
    assertEquals("/bin/app", tree.path("config").path("Entrypoint").path(0).asText());
    assertEquals("1000:1000", tree.path("config").path("User").asText());
    assertEquals("/srv", tree.path("config").path("WorkingDir").asText());
    assertTrue(tree.path("config").path("ExposedPorts").has("8080/tcp"));
    assertEquals(Documents.LAYER1, tree.path("rootfs").path("diff_ids").path(0).asText());
    assertEquals("ENV LANG=C.UTF-8", tree.path("history").path(1).path("created_by").asText());
    assertTrue(tree.path("history").path(1).path("empty_layer").asBoolean());
  }

  @Test
  void write_keepsRequiredListsWhenEmpty() {
    ImageManifest manifest = new ImageManifest(2, MediaTypes.OCI_MANIFEST,
        new Descriptor(MediaTypes.OCI_CONFIG, Digest.parse(Documents.CONFIG), 2, null, null, null), List.of(), null);
    ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(), null);
    ImageConfig config = new ImageConfig("amd64", "linux", null, null, null, null, null,
        new ImageConfig.RootFs("layers", List.of()), null);

    assertEquals(manifest, ManifestCodec.readManifest(ManifestCodec.write(manifest)));
    assertEquals(index, ManifestCodec.readIndex(ManifestCodec.write(index)));
    assertEquals(config, ManifestCodec.readConfig(ManifestCodec.write(config)));
  }

  @Test
  void write_keepsMapEntriesWithEmptyValues() throws Exception {
    ImageConfig.RunConfig run = new ImageConfig.RunConfig(null, null, null, null, null,
        Map.of("80/tcp", Map.of()), Map.of("/data", Map.of()), Map.of("empty", ""), null);

    JsonNode tree = new ObjectMapper().readTree(ManifestCodec.write(run));

    assertTrue(tree.path("ExposedPorts").has("80/tcp"), tree.toString());
    assertTrue(tree.path("Volumes").has("/data"), tree.toString());
    assertEquals("", tree.path("Labels").path("empty").asText(null), tree.toString());
  }

  @Test
  void write_descriptor_hasDigestStringAndSizeAndNoEmptyFields() throws Exception {
    Descriptor descriptor = new Descriptor(MediaTypes.OCI_LAYER, Digest.parse(Documents.LAYER1), 0, null, null,
        new PlatformSpec("amd64", "windows", null, "10.0.20348.2227", null));

    JsonNode tree = new ObjectMapper().readTree(ManifestCodec.write(descriptor));

    assertEquals(Documents.LAYER1, tree.path("digest").asText());
    assertTrue(tree.has("size"), tree.toString());
    assertEquals(0, tree.path("size").asLong(-1));
    assertFalse(tree.has("urls"), tree.toString());
    assertFalse(tree.has("annotations"), tree.toString());
    assertEquals("10.0.20348.2227", tree.path("platform").path("os.version").asText());
    assertFalse(tree.path("platform").has("variant"), tree.toString());
    assertFalse(tree.path("platform").has("os.features"), tree.toString());
  }
}

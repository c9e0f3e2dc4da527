package dev.coracle.core.image.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.Compression;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypesTest {

  @ParameterizedTest
  @CsvSource({
      // media type, index, manifest, layer
      "application/vnd.oci.image.index.v1+json, true, false, false",
      "application/vnd.docker.distribution.manifest.list.v2+json, true, false, false",
      "application/vnd.oci.image.manifest.v1+json, false, true, false",
      "application/vnd.docker.distribution.manifest.v2+json, false, true, false",
      "application/vnd.docker.distribution.manifest.v1+prettyjws, false, false, false",
      "application/vnd.oci.image.config.v1+json, false, false, false",
      "application/vnd.docker.container.image.v1+json, false, false, false",
      "application/vnd.oci.image.layer.v1.tar, false, false, true",
      "application/vnd.docker.image.rootfs.diff.tar.gzip, false, false, true",
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip, false, false, true",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd, false, false, true",
      "application/json, false, false, false"})
  void is_classifiesMediaTypes(String mediaType, boolean index, boolean manifest, boolean layer) {
    assertEquals(index, MediaTypes.isIndex(mediaType));
    assertEquals(manifest, MediaTypes.isManifest(mediaType));
    assertEquals(layer, MediaTypes.isLayer(mediaType));
  }

  @Test
  void is_ignoresParametersAndCase() {
    assertTrue(MediaTypes.isManifest("application/vnd.oci.image.manifest.v1+json; charset=utf-8"));
    assertTrue(MediaTypes.isIndex(" Application/VND.oci.image.index.v1+json "));
  }

  @ParameterizedTest
  @CsvSource({
      "application/vnd.oci.image.layer.v1.tar, NONE",
      "application/vnd.oci.image.layer.v1.tar+gzip, GZIP",
      "application/vnd.oci.image.layer.v1.tar+zstd, ZSTD",
      "application/vnd.oci.image.layer.nondistributable.v1.tar, NONE",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip, GZIP",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd, ZSTD",
      "application/vnd.docker.image.rootfs.diff.tar.gzip, GZIP",
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip, GZIP",
      "application/vnd.docker.image.rootfs.diff.tar, NONE",
      "application/vnd.docker.image.rootfs.diff.tar.zstd, ZSTD"})
  void layerCompression_ofEveryLayerType(String mediaType, Compression compression) {
    assertEquals(compression, MediaTypes.layerCompression(mediaType));
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/vnd.oci.image.config.v1+json", "application/vnd.oci.image.layer.v1.tar+bzip2",
      "application/octet-stream", ""})
  void layerCompression_unknown_isInvalidArgumentNamingTheType(String mediaType) {
    InvalidArgumentException e =
        assertThrows(InvalidArgumentException.class, () -> MediaTypes.layerCompression(mediaType));

    assertTrue(e.getMessage().contains("\"" + mediaType + "\""), e.getMessage());
  }

  @Test
  void acceptManifests_listsEveryIndexAndManifestType() {
    List<String> accepted = List.of(MediaTypes.ACCEPT_MANIFESTS.split(",\\s*"));

    assertEquals(List.of(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.OCI_MANIFEST,
        MediaTypes.DOCKER_MANIFEST), accepted);
  }
}

package dev.coracle.core.image.manifest;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.Compression;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The media types of the OCI image spec and Docker's image manifest v2 schema 2. */
public final class MediaTypes {

  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_LAYER_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

  public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  /** Not in Docker's schema 2 document, but written by buildkit and accepted by the engine. */
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
  public static final String DOCKER_LAYER_ZSTD = "application/vnd.docker.image.rootfs.diff.tar.zstd";
  public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
  public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";

  /** The Accept header of a manifest request: every index and manifest type the runtime reads. */
  public static final String ACCEPT_MANIFESTS =
      String.join(", ", OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

  private static final Map<String, Compression> LAYERS = Map.ofEntries(
      Map.entry(OCI_LAYER, Compression.NONE),
      Map.entry(OCI_LAYER_GZIP, Compression.GZIP),
      Map.entry(OCI_LAYER_ZSTD, Compression.ZSTD),
      Map.entry(OCI_LAYER_NONDISTRIBUTABLE, Compression.NONE),
      Map.entry(OCI_LAYER_NONDISTRIBUTABLE_GZIP, Compression.GZIP),
      Map.entry(OCI_LAYER_NONDISTRIBUTABLE_ZSTD, Compression.ZSTD),
      Map.entry(DOCKER_LAYER, Compression.NONE),
      Map.entry(DOCKER_LAYER_GZIP, Compression.GZIP),
      Map.entry(DOCKER_LAYER_ZSTD, Compression.ZSTD),
      Map.entry(DOCKER_FOREIGN_LAYER, Compression.GZIP));

  private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
  private static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
  private static final Set<String> SCHEMA1 = Set.of(DOCKER_SCHEMA1_SIGNED, DOCKER_SCHEMA1);

  private MediaTypes() {}

  public static boolean isIndex(String mediaType) {
    return INDEXES.contains(base(mediaType));
  }

  public static boolean isManifest(String mediaType) {
    return MANIFESTS.contains(base(mediaType));
  }

  public static boolean isLayer(String mediaType) {
    return LAYERS.containsKey(base(mediaType));
  }

  /** Docker's deprecated schema 1, which the runtime refuses. */
  public static boolean isSchema1(String mediaType) {
    return SCHEMA1.contains(base(mediaType));
  }

  public static Compression layerCompression(String mediaType) {
    Compression compression = LAYERS.get(base(mediaType));
    if (compression == null) {
      throw new InvalidArgumentException("unsupported layer media type \"" + mediaType + "\"");
    }
    return compression;
  }

  /** The type without parameters, blanks or capitals: {@code "A/b; charset=utf-8"} → {@code "a/b"}. */
  static String base(String mediaType) {
    if (mediaType == null) {
      return "";
    }
    int semicolon = mediaType.indexOf(';');
    return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}

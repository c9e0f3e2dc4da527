package dev.coracle.core.image.testing;

import dev.coracle.core.image.Compression;

/** The media types of one manifest family: OCI, or Docker's schema 2 that came before it. */
enum MediaTypes {
  OCI("application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
      "application/vnd.oci.image.config.v1+json", "application/vnd.oci.image.layer.v1.tar"),
  DOCKER("application/vnd.docker.distribution.manifest.v2+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.docker.container.image.v1+json", "application/vnd.docker.image.rootfs.diff.tar");

  final String manifest;
  final String index;
  final String config;
  private final String layerTar;

  MediaTypes(String manifest, String index, String config, String layerTar) {
    this.manifest = manifest;
    this.index = index;
    this.config = config;
    this.layerTar = layerTar;
  }

  String layer(Compression compression) {
    return switch (compression) {
      case NONE -> layerTar;
      case GZIP -> this == OCI ? layerTar + "+gzip" : layerTar + ".gzip";
      case ZSTD -> {
        if (this == DOCKER) {
          throw new IllegalArgumentException("Docker schema 2 has no zstd layer type");
        }
        yield layerTar + "+zstd";
      }
    };
  }
}

package dev.coracle.core.image.manifest;

import java.nio.charset.StandardCharsets;

/** Hand-written documents shaped like what registries serve, shared by the manifest tests. */
final class Documents {

  static final String AMD64 = "sha256:5861314d7fccb39c2192173240eab44fa35ca66426201ca2acd0630a6258dd51";
  static final String ARM64 = "sha256:f69162950f235e3cdbbad33f1f912d1a504be90d8a37d002c735d6f3e3882265";
  static final String ARMV7 = "sha256:5ba6c8710dd1369ce61603ab9b7a81b25f92d4a9f74956ab72a7ea75884f07ee";
  static final String ATTESTATION = "sha256:f745a15153c4dacf0ea4bbf57265e73283941f8335939b33c693975315cf5916";
  static final String CONFIG = "sha256:b79606fb3afea5bd1609ed40b622142f1c98125abcfe89a76a661b0e8e343910";
  static final String LAYER1 = "sha256:2804bad6fe94a55f18b2b37e300919a5fd517b95aa81e95db574c0ba069a3740";
  static final String LAYER2 = "sha256:8a1cee436cbac1489a1883c9d886fcfc46f302c55ed4106ae31729e4f4eb9041";
  static final String WIN1809 = "sha256:4a5fdf3420ee75913bc6205d558151d43aa4739eb191e623a5cfebcaef76f769";
  static final String WIN2022 = "sha256:c345054d2bce82f7b29415681da20cd3538251ec15a2c92eba3b20bd56c5bb6b";

  /** What buildx pushes: three platforms and a provenance attestation for the first. */
  static final String OCI_INDEX = """
      {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
          {
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": "%s",
            "size": 1612,
            "platform": { "architecture": "amd64", "os": "linux" }
          },
          {
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": "%s",
            "size": 1612,
            "platform": { "architecture": "arm64", "os": "linux", "variant": "v8" }
          },
          {
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": "%s",
            "size": 1612,
            "platform": { "architecture": "arm", "os": "linux", "variant": "v7" }
          },
          {
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": "%s",
            "size": 839,
            "annotations": {
              "vnd.docker.reference.digest": "%s",
              "vnd.docker.reference.type": "attestation-manifest"
            },
            "platform": { "architecture": "unknown", "os": "unknown" }
          }
        ],
        "annotations": { "org.opencontainers.image.created": "2024-05-01T10:00:00Z" }
      }
      """.formatted(AMD64, ARM64, ARMV7, ATTESTATION, AMD64);

  /** A Docker manifest list as Windows base images use: os.version and os.features per entry. */
  static final String DOCKER_LIST = """
      {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
        "manifests": [
          {
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "size": 946,
            "digest": "%s",
            "platform": { "architecture": "amd64", "os": "windows", "os.version": "10.0.17763.5329" }
          },
          {
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "size": 946,
            "digest": "%s",
            "platform": {
              "architecture": "amd64", "os": "windows", "os.version": "10.0.20348.2227",
              "os.features": ["win32k"], "features": ["sse4"]
            },
            "futureField": { "ignored": true }
          }
        ]
      }
      """.formatted(WIN1809, WIN2022);

  static final String OCI_MANIFEST = """
      {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
          "mediaType": "application/vnd.oci.image.config.v1+json",
          "digest": "%s",
          "size": 1470
        },
        "layers": [
          {
            "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
            "digest": "%s",
            "size": 2152262
          },
          {
            "mediaType": "application/vnd.oci.image.layer.v1.tar+zstd",
            "digest": "%s",
            "size": 32
          }
        ],
        "annotations": { "org.opencontainers.image.base.name": "docker.io/library/busybox:1.36" }
      }
      """.formatted(CONFIG, LAYER1, LAYER2);

  /** Docker's schema 2, with a Windows-style foreign layer fetched from its URL. */
  static final String DOCKER_MANIFEST = """
      {
         "schemaVersion": 2,
         "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": 7023,
            "digest": "%s"
         },
         "layers": [
            {
               "mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
               "size": 1443813584,
               "digest": "%s",
               "urls": ["https://mcr.microsoft.com/v2/windows/servercore/blobs/%s"]
            },
            {
               "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
               "size": 16724,
               "digest": "%s"
            }
         ]
      }
      """.formatted(CONFIG, LAYER1, LAYER1, LAYER2);

  static final String CONFIG_FULL = """
      {
        "architecture": "arm64",
        "os": "linux",
        "variant": "v8",
        "os.version": "6.1",
        "created": "2024-05-01T10:00:00.123456789Z",
        "author": "Coracle tests <tests@coracle.dev>",
        "config": {
          "User": "1000:1000",
          "Env": ["PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"],
          "Entrypoint": ["/bin/app", "--serve"],
          "Cmd": ["--port", "8080"],
          "WorkingDir": "/srv",
          "ExposedPorts": { "8080/tcp": {}, "53/udp": {} },
          "Volumes": { "/data": {} },
          "Labels": { "org.opencontainers.image.title": "app", "maintainer": "tests" },
          "StopSignal": "SIGQUIT",
          "ArgsEscaped": true,
          "Healthcheck": { "Test": ["CMD", "true"] }
        },
        "rootfs": {
          "type": "layers",
          "diff_ids": ["%s", "%s"]
        },
        "history": [
          { "created": "2024-05-01T09:00:00Z", "created_by": "ADD rootfs.tar / # buildkit", "comment": "buildkit.dockerfile.v0" },
          { "created": "2024-05-01T09:00:01Z", "created_by": "ENV LANG=C.UTF-8", "empty_layer": true },
          { "created": "2024-05-01T09:00:02Z", "created_by": "COPY app /bin/app # buildkit" }
        ]
      }
      """.formatted(LAYER1, LAYER2);

  static final String CONFIG_MINIMAL = """
      {
        "architecture": "amd64",
        "os": "linux",
        "rootfs": { "type": "layers", "diff_ids": ["%s"] }
      }
      """.formatted(LAYER1);

  static final String SCHEMA1 = """
      {
         "schemaVersion": 1,
         "name": "library/hello-world",
         "tag": "latest",
         "architecture": "amd64",
         "fsLayers": [ { "blobSum": "%s" } ],
         "history": [ { "v1Compatibility": "{}" } ],
         "signatures": [ { "header": { "alg": "ES256" }, "signature": "abc", "protected": "def" } ]
      }
      """.formatted(LAYER1);

  private Documents() {}

  static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}

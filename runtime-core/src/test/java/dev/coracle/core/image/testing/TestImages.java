package dev.coracle.core.image.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.testing.ImageJson.Descriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Builds the test images from the host's static busybox and pushes them to a {@link TestRegistry}.
 * Layers are reproducible (fixed mtimes, sorted entries, fixed compression settings), so an image
 * has the same digests on every run. Each method pushes one image under {@code repository:tag}
 * and says what it pushed.
 *
 * <p>Multi-platform images also tag their children, as {@code TAG-amd64}, {@code TAG-arm64},
 * {@code TAG-s390x}, so a test can pull one child directly.
 */
public final class TestImages {

  /**
   * What was pushed: enough for a test to check a pull end to end.
   *
   * @param reference {@code host/repository:tag}, ready to pull
   * @param manifestDigest what the tag points at: the manifest's digest, or the index's for a
   *     multi-platform image
   * @param configDigest for an index, the linux/amd64 child's, which a pull on this machine must
   *     resolve to; likewise {@code layerDigests}, {@code diffIds} and {@code compressedSize}
   * @param compressedSize the compressed layers' total size: what a pull downloads besides
   *     manifests and config
   * @param children for an index or manifest list, its children by platform
   *     ({@code linux/arm64/v8}) in index order; empty for a single manifest
   */
  public record PushedImage(String reference, String repository, String tag, Digest manifestDigest,
      String manifestMediaType, Digest configDigest, List<Digest> layerDigests, List<Digest> diffIds,
      long compressedSize, Map<String, PushedImage> children) {

    public PushedImage(String reference, String repository, String tag, Digest manifestDigest,
        String manifestMediaType, Digest configDigest, List<Digest> layerDigests, List<Digest> diffIds,
        long compressedSize) {
      this(reference, repository, tag, manifestDigest, manifestMediaType, configDigest, layerDigests, diffIds,
          compressedSize, Map.of());
    }

    public PushedImage {
      layerDigests = List.copyOf(layerDigests);
      diffIds = List.copyOf(diffIds);
      children = Collections.unmodifiableMap(new LinkedHashMap<>(children));
    }

    /** {@code host/repository@digest}: the reference that pins this manifest or index. */
    public String digestReference() {
      return reference.substring(0, reference.length() - tag.length() - 1) + "@" + manifestDigest;
    }
  }

  /**
   * How a hostile layer tries to write outside the directory it is unpacked into. Every kind
   * aims at a file named {@link #VICTIM}; a correct unpacker refuses the layer or keeps the
   * write inside its root.
   */
  public enum Escape {
    /** A file named {@code ../../../VICTIM}: lands three levels above the layer root if followed. */
    DOT_DOT,
    /** A file named {@code /tmp/VICTIM}, leading slash kept: lands in the host's /tmp if followed. */
    ABSOLUTE,
    /** A symlink {@code escape -> /tmp}, then the file {@code escape/VICTIM}: the host's /tmp if followed. */
    SYMLINK_PARENT,
    /** A symlink {@code escape -> ../../..}, then the file {@code escape/VICTIM}: three levels above the root. */
    SYMLINK_DOTDOT,
    /**
     * A hard link {@code escape} to {@code ../../../VICTIM}: if followed, the layer shares an inode
     * with a file three levels above its root (create that file first to see it).
     */
    HARDLINK_OUT;

    public static final String VICTIM = "escaped-by-coracle-test";
  }

  /** The path over 100 bytes in {@link #layered}'s upper layer (relative to the root). */
  public static final String LONG_PATH = TestLayers.LONG_PATH;

  private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final TestRegistry registry;
  private final RegistryPusher pusher;

  public TestImages(TestRegistry registry) {
    this.registry = registry;
    this.pusher = new RegistryPusher(registry);
  }

  /** busybox as one gzip layer, OCI media types, linux/amd64; runs {@code sh}, exposes 80/tcp. */
  public PushedImage busybox(String repository, String tag) {
    return busybox(repository, tag, MediaTypes.OCI).image();
  }

  /**
   * An OCI index of linux/arm64/v8, linux/s390x, linux/amd64 (busybox; deliberately not first)
   * and a buildkit-style attestation manifest (platform unknown/unknown). The arm64 and s390x
   * children hold only {@code /arch} naming their platform.
   */
  public PushedImage multiArch(String repository, String tag) {
    Pushed arm64 = archImage(repository, tag + "-arm64", Platform.ARM64, MediaTypes.OCI);
    Pushed s390x = archImage(repository, tag + "-s390x", Platform.S390X, MediaTypes.OCI);
    Pushed amd64 = busybox(repository, tag + "-amd64", MediaTypes.OCI);
    Descriptor attestation = attestation(repository, amd64);
    return pushIndex(repository, tag, MediaTypes.OCI, List.of(arm64, s390x, amd64), attestation);
  }

  /** busybox with Docker schema 2 media types: a manifest list of linux/arm64/v8 and linux/amd64 (busybox). */
  public PushedImage dockerSchema2(String repository, String tag) {
    Pushed arm64 = archImage(repository, tag + "-arm64", Platform.ARM64, MediaTypes.DOCKER);
    Pushed amd64 = busybox(repository, tag + "-amd64", MediaTypes.DOCKER);
    return pushIndex(repository, tag, MediaTypes.DOCKER, List.of(arm64, amd64), null);
  }

  /**
   * Two layers for the unpacker. Layer 1: busybox plus {@code /data/keep}, {@code /data/gone},
   * {@code /opq/a}, {@code /opq/b}. Layer 2: whiteout {@code /data/.wh.gone}, opaque
   * {@code /opq/.wh..wh..opq} plus {@code /opq/c}, {@code /data/keep} rewritten and hard linked
   * as {@code /data/hard}, char device {@code /dev-test/null} 1:3, FIFO {@code /dev-test/fifo},
   * setuid {@code /bin/suid} 04755, {@code /home/app/owned} owned 1000:1000, {@code /data/xattr}
   * with {@code user.coracle=yes}, symlink {@code /link -> /data/keep}, and a path over 100 bytes
   * ({@link #LONG_PATH}).
   */
  public PushedImage layered(String repository, String tag) {
    return pushImage(repository, tag, MediaTypes.OCI, Platform.AMD64, runConfig("layered"), List.of(
        new LayerSpec(TestLayers.layeredBase(), Compression.GZIP, Deflater.DEFAULT_COMPRESSION, "busybox and files to hide"),
        new LayerSpec(TestLayers.layeredTop(), Compression.GZIP, Deflater.DEFAULT_COMPRESSION, "whiteouts, links, devices")))
        .image();
  }

  /** busybox as one zstd layer ({@code application/vnd.oci.image.layer.v1.tar+zstd}). */
  public PushedImage zstd(String repository, String tag) {
    return pushImage(repository, tag, MediaTypes.OCI, Platform.AMD64, runConfig("zstd"), List.of(
        new LayerSpec(TestLayers.busyboxBase(), Compression.ZSTD, 0, "busybox, zstd"))).image();
  }

  /** One layer that tries {@code kind} of escape, with a correct config, so only the unpacker can catch it. */
  public PushedImage escaping(String repository, String tag, Escape kind) {
    return pushImage(repository, tag, MediaTypes.OCI, Platform.AMD64, runConfig("escape-" + kind), List.of(
        new LayerSpec(TestLayers.escape(kind), Compression.GZIP, Deflater.DEFAULT_COMPRESSION, "escape " + kind)))
        .image();
  }

  /**
   * For pull benchmarks: busybox plus {@code files} files of incompressible, reproducible bytes
   * under {@code /bulk}, about {@code approxBytes} in all, spread over up to four more layers.
   */
  public PushedImage large(String repository, String tag, long approxBytes, int files) {
    if (files < 1 || approxBytes < files) {
      throw new IllegalArgumentException("need at least one file and one byte per file");
    }
    long fileSize = approxBytes / files;
    int layers = Math.min(4, files);
    List<LayerSpec> specs = new ArrayList<>();
    specs.add(new LayerSpec(TestLayers.busyboxBase(), Compression.GZIP, Deflater.DEFAULT_COMPRESSION, "busybox"));
    for (int layer = 0, first = 0; layer < layers; layer++) {
      int count = files / layers + (layer < files % layers ? 1 : 0);
      specs.add(new LayerSpec(TestLayers.bulk(first, count, fileSize), Compression.GZIP, Deflater.BEST_SPEED,
          "bulk files " + first + ".." + (first + count - 1)));
      first += count;
    }
    return pushImage(repository, tag, MediaTypes.OCI, Platform.AMD64, runConfig("large"), specs).image();
  }

  /** A tiny image whose one layer holds {@code /hello} with {@code text}: many distinct images, cheaply. */
  public PushedImage tiny(String repository, String tag, String text) {
    ObjectNode run = ImageJson.JSON.createObjectNode();
    run.putArray("Env").add(PATH);
    run.putArray("Cmd").add("cat").add("/hello");
    return pushImage(repository, tag, MediaTypes.OCI, Platform.AMD64, run, List.of(
        new LayerSpec(new LayerTar().file("hello", 0644, text + "\n"), Compression.GZIP,
            Deflater.DEFAULT_COMPRESSION, "hello"))).image();
  }

  private Pushed busybox(String repository, String tag, MediaTypes types) {
    return pushImage(repository, tag, types, Platform.AMD64, runConfig("busybox"), List.of(
        new LayerSpec(TestLayers.busyboxBase(), Compression.GZIP, Deflater.DEFAULT_COMPRESSION, "busybox")));
  }

  private Pushed archImage(String repository, String tag, Platform platform, MediaTypes types) {
    ObjectNode run = ImageJson.JSON.createObjectNode();
    run.putArray("Env").add(PATH);
    run.putArray("Cmd").add("cat").add("/arch");
    run.putObject("Labels").put("org.coracle.test", "arch-" + platform.architecture());
    return pushImage(repository, tag, types, platform, run, List.of(
        new LayerSpec(TestLayers.arch(platform), Compression.GZIP, Deflater.DEFAULT_COMPRESSION, "/arch")));
  }

  /** The runtime defaults of the busybox-based images; {@code label} tells them apart. */
  private static ObjectNode runConfig(String label) {
    ObjectNode run = ImageJson.JSON.createObjectNode();
    run.putObject("ExposedPorts").putObject("80/tcp");
    run.putArray("Env").add(PATH);
    run.putArray("Cmd").add("sh");
    run.put("WorkingDir", "/");
    run.putObject("Labels").put("org.coracle.test", label);
    run.put("StopSignal", "SIGTERM");
    return run;
  }

  Pushed pushImage(String repository, String tag, MediaTypes types, Platform platform, ObjectNode run,
      List<LayerSpec> specs) {
    List<Descriptor> layers = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    long compressedSize = 0;
    for (LayerSpec spec : specs) {
      CompressedLayer layer = CompressedLayer.write(spec.tar(), spec.compression(), spec.gzipLevel());
      try {
        pusher.pushBlob(repository, layer.file());
      } finally {
        layer.delete();
      }
      layers.add(new Descriptor(types.layer(spec.compression()), layer.digest(), layer.size()));
      diffIds.add(layer.diffId());
      compressedSize += layer.size();
    }
    byte[] config = ImageJson.config(platform, run, diffIds, specs.stream().map(LayerSpec::createdBy).toList());
    Digest configDigest = pusher.pushBlob(repository, config);
    byte[] manifest = ImageJson.manifest(types.manifest, new Descriptor(types.config, configDigest, config.length),
        layers);
    Digest manifestDigest = pusher.pushManifest(repository, tag, types.manifest, manifest);
    PushedImage image = new PushedImage(reference(repository, tag), repository, tag, manifestDigest, types.manifest,
        configDigest, layers.stream().map(Descriptor::digest).toList(), diffIds, compressedSize);
    return new Pushed(image, manifest.length, platform);
  }

  /** The index's summary fields are its linux/amd64 child's: what this machine pulls. */
  private PushedImage pushIndex(String repository, String tag, MediaTypes types, List<Pushed> children,
      Descriptor extra) {
    List<Descriptor> entries = new ArrayList<>();
    Map<String, PushedImage> byPlatform = new LinkedHashMap<>();
    for (Pushed child : children) {
      entries.add(child.descriptor());
      byPlatform.put(child.platform().toString(), child.image());
    }
    if (extra != null) {
      entries.add(extra);
    }
    byte[] index = ImageJson.index(types.index, entries);
    Digest digest = pusher.pushManifest(repository, tag, types.index, index);
    PushedImage amd64 = byPlatform.get(Platform.AMD64.toString());
    return new PushedImage(reference(repository, tag), repository, tag, digest, types.index, amd64.configDigest(),
        amd64.layerDigests(), amd64.diffIds(), amd64.compressedSize(), byPlatform);
  }

  /**
   * An attestation manifest as buildkit attaches one: an in-toto statement about the amd64
   * image, listed in the index under platform unknown/unknown. A runtime must never pick it.
   */
  private Descriptor attestation(String repository, Pushed subject) {
    ObjectNode statement = ImageJson.JSON.createObjectNode();
    statement.put("_type", "https://in-toto.io/Statement/v0.1");
    statement.put("predicateType", "https://spdx.dev/Document");
    statement.putArray("subject").addObject()
        .put("name", subject.image().reference())
        .putObject("digest").put("sha256", subject.image().manifestDigest().hex());
    statement.putObject("predicate").put("spdxVersion", "SPDX-2.3").put("name", "coracle-test");
    byte[] layer = ImageJson.bytes(statement);
    Digest layerDigest = pusher.pushBlob(repository, layer);
    byte[] config = ImageJson.config(Platform.UNKNOWN, ImageJson.JSON.createObjectNode(), List.of(layerDigest),
        List.of("attestation"));
    Digest configDigest = pusher.pushBlob(repository, config);
    Descriptor layerDescriptor = new Descriptor("application/vnd.in-toto+json", layerDigest, layer.length, null,
        Map.of("in-toto.io/predicate-type", "https://spdx.dev/Document"));
    byte[] manifest = ImageJson.manifest(MediaTypes.OCI.manifest,
        new Descriptor(MediaTypes.OCI.config, configDigest, config.length), List.of(layerDescriptor));
    Digest digest = Digest.sha256(manifest);
    pusher.pushManifest(repository, digest.toString(), MediaTypes.OCI.manifest, manifest);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("vnd.docker.reference.digest", subject.image().manifestDigest().toString());
    annotations.put("vnd.docker.reference.type", "attestation-manifest");
    return new Descriptor(MediaTypes.OCI.manifest, digest, manifest.length, Platform.UNKNOWN, annotations);
  }

  RegistryPusher pusher() {
    return pusher;
  }

  String reference(String repository, String tag) {
    return registry.host() + "/" + repository + ":" + tag;
  }

  record LayerSpec(LayerTar tar, Compression compression, int gzipLevel, String createdBy) {}

  /** A pushed manifest with what an index entry needs besides the digest. */
  record Pushed(PushedImage image, long manifestSize, Platform platform) {

    Descriptor descriptor() {
      return new Descriptor(image.manifestMediaType(), image.manifestDigest(), manifestSize, platform, Map.of());
    }
  }
}

package dev.coracle.core.image;

import dev.coracle.core.error.CoracleException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.content.ContentStore;
import dev.coracle.core.image.manifest.Descriptor;
import dev.coracle.core.image.manifest.ImageConfig;
import dev.coracle.core.image.manifest.ImageIndex;
import dev.coracle.core.image.manifest.ImageManifest;
import dev.coracle.core.image.manifest.ManifestCodec;
import dev.coracle.core.image.manifest.MediaTypes;
import dev.coracle.core.image.manifest.PlatformPolicy;
import dev.coracle.core.image.manifest.PlatformSelector;
import dev.coracle.core.image.ref.ChainIds;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.ref.ImageReference;
import dev.coracle.core.image.ref.Platform;
import dev.coracle.core.image.registry.Credentials;
import dev.coracle.core.image.registry.FetchedManifest;
import dev.coracle.core.image.registry.RegistryClient;
import dev.coracle.core.image.registry.RegistryEndpoint;
import dev.coracle.core.image.registry.RegistrySettings;
import dev.coracle.core.image.registry.RepositorySession;
import dev.coracle.core.image.store.ImageRecord;
import dev.coracle.core.image.store.ImageStore;
import dev.coracle.core.image.store.LayerStore;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pull, top to bottom: resolve the reference at the first endpoint that has it (mirrors
 * before the registry), pick this node's platform from an index, fetch the config, then fetch
 * and unpack the layers in parallel, and record the image. Nothing becomes visible until every
 * layer is unpacked and verified.
 */
final class ImagePuller {

  private static final Logger log = LoggerFactory.getLogger(ImagePuller.class);
  private static final int BLOB_ATTEMPTS = 3;

  private final RegistrySettings settings;
  private final RegistryClient registries;
  private final ContentStore content;
  private final LayerStore layers;
  private final ImageStore images;
  private final Platform platform;
  private final PlatformPolicy policy;
  private final ExecutorService downloads;
  private final PullObserver observer;

  ImagePuller(RegistrySettings settings, RegistryClient registries, ContentStore content, LayerStore layers,
      ImageStore images, Platform platform, PlatformPolicy policy, ExecutorService downloads, PullObserver observer) {
    this.settings = settings;
    this.registries = registries;
    this.content = content;
    this.layers = layers;
    this.images = images;
    this.platform = platform;
    this.policy = policy;
    this.downloads = downloads;
    this.observer = observer;
  }

  /** @param runtimeHandler the pull's runtime handler, "" for the default: the platform policy may depend on it */
  ImageRecord pull(ImageReference reference, Credentials credentials, String runtimeHandler, PullProgress progress) {
    List<RegistryEndpoint> endpoints = settings.endpointsFor(reference.registry());
    CoracleException failure = null;
    for (RegistryEndpoint endpoint : endpoints) {
      RepositorySession session = registries.open(endpoint, reference.repository(), credentials);
      try {
        return pullFrom(session, reference, runtimeHandler, progress);
      } catch (InvalidArgumentException e) {
        throw e; // the image itself is bad: another endpoint serving the same digests cannot help
      } catch (CoracleException e) {
        failure = e;
        if (endpoint.mirror()) {
          log.info("mirror {} could not serve {}: {}; trying the next endpoint", endpoint, reference, e.getMessage());
        }
      }
    }
    throw failure;
  }

  private ImageRecord pullFrom(RepositorySession session, ImageReference reference, String runtimeHandler,
      PullProgress progress) {
    FetchedManifest top = session.manifest(reference.manifestReference());
    FetchedManifest chosen = top;
    String mediaType = ManifestCodec.mediaTypeOf(top.body(), top.contentType());
    if (MediaTypes.isIndex(mediaType)) {
      ImageIndex index = ManifestCodec.readIndex(top.body());
      Descriptor entry = PlatformSelector.select(index, platform, policy, runtimeHandler);
      chosen = session.manifest(entry.digest().toString());
    }
    ImageManifest manifest = ManifestCodec.readManifest(chosen.body());
    Descriptor configDescriptor = manifest.config();
    Digest configDigest = configDescriptor.digest();
    fetchBlob(session, configDescriptor, progress);
    ImageConfig config = ManifestCodec.readConfig(content.read(configDigest));
    List<Digest> diffIds = config.rootfs().diffIds();
    if (diffIds.size() != manifest.layers().size()) {
      throw new InvalidArgumentException("image " + reference + " lists " + manifest.layers().size()
          + " layers but its config has " + diffIds.size() + " diff IDs");
    }
    List<Digest> chainIds = ChainIds.of(diffIds);
    unpackAll(session, manifest.layers(), diffIds, chainIds, progress);

    // Manifests go in last: their presence says the image is whole.
    content.put(chosen.digest(), chosen.body());
    content.put(top.digest(), top.body());
    long size = configDescriptor.size() + manifest.layers().stream().mapToLong(Descriptor::size).sum();
    List<String> tags = reference.tag() == null ? List.of() : List.of(reference.name() + ":" + reference.tag());
    ImageRecord record = new ImageRecord(configDigest, tags, List.of(reference.name() + "@" + top.digest()),
        chosen.digest(), manifest.layers().stream().map(Descriptor::digest).toList(), chainIds, size,
        System.currentTimeMillis(), false);
    return images.add(record);
  }

  private void unpackAll(RepositorySession session, List<Descriptor> blobs, List<Digest> diffIds,
      List<Digest> chainIds, PullProgress progress) {
    List<CompletableFuture<Void>> tasks = new ArrayList<>();
    boolean inOrder = layers.unpacksInOrder();
    CompletableFuture<Void> below = CompletableFuture.completedFuture(null);
    for (int i = 0; i < blobs.size(); i++) {
      Descriptor blob = blobs.get(i);
      Digest chainId = chainIds.get(i);
      Digest diffId = diffIds.get(i);
      Digest parent = i == 0 ? null : chainIds.get(i - 1);
      if (layers.get(chainId).isPresent()) {
        continue;
      }
      progress.expect(blob.digest(), blob.size());
      Compression compression = MediaTypes.layerCompression(blob.mediaType());
      Runnable unpack =
          () -> layers.ensure(chainId, diffId, parent, compression, () -> Files.newInputStream(content.path(blob.digest())));
      if (inOrder) {
        // Blobs still download in parallel; each unpack waits for the one below it.
        CompletableFuture<Void> fetched = CompletableFuture.runAsync(() -> fetchBlob(session, blob, progress), downloads);
        below = fetched.runAfterBothAsync(below, unpack, downloads);
        tasks.add(fetched);
        tasks.add(below);
      } else {
        tasks.add(CompletableFuture.runAsync(() -> {
          fetchBlob(session, blob, progress);
          unpack.run();
        }, downloads));
      }
    }
    try {
      CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      tasks.forEach(t -> t.cancel(true));
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void fetchBlob(RepositorySession session, Descriptor blob, PullProgress progress) {
    for (int attempt = 1; ; attempt++) {
      try {
        content.ingest(blob.digest(), blob.size(), () -> session.blob(blob.digest()), n -> {
          progress.received(blob.digest(), n);
          observer.bytesReceived(n);
        });
        return;
      } catch (UnavailableException e) {
        if (attempt >= BLOB_ATTEMPTS) {
          throw e;
        }
        log.info("blob {} from {} failed ({}); retrying", blob.digest(), session.endpoint(), e.getMessage());
      }
    }
  }
}

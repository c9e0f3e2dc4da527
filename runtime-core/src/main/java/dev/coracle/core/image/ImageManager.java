package dev.coracle.core.image;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.content.ContentStore;
import dev.coracle.core.image.manifest.ImageConfig;
import dev.coracle.core.image.manifest.ManifestCodec;
import dev.coracle.core.image.manifest.PlatformPolicy;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.ref.ImageReference;
import dev.coracle.core.image.ref.Platform;
import dev.coracle.core.image.registry.Credentials;
import dev.coracle.core.image.registry.RegistryClient;
import dev.coracle.core.image.registry.RegistrySettings;
import dev.coracle.core.image.store.ImageRecord;
import dev.coracle.core.image.store.ImageStore;
import dev.coracle.core.image.store.LayerStore;
import dev.coracle.core.image.unpack.LayerImporter;
import dev.coracle.core.image.unpack.LayerUnpacker;
import dev.coracle.core.sys.LinuxSyscalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images of this node: pull, look up by any of their names, list, remove with garbage
 * collection of what no image uses any more, and account for the disk they take.
 *
 * <p>Layout under the root: {@code content/} (blobs by digest), {@code layers/} (unpacked
 * layers by chain ID), {@code images/} (one record per image).
 */
public final class ImageManager implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ImageManager.class);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  /** Disk taken by images: what {@code ImageFsInfo} reports. */
  public record Usage(Path mountpoint, long bytes, long inodes) {}

  private final Path root;
  private final RegistrySettings settings;
  private final ContentStore content;
  private final LayerStore layers;
  private final ImageStore images;
  private final RegistryClient registries;
  private final ExecutorService downloads;
  private final ExecutorService pulls;
  private final ScheduledExecutorService ticker;
  private final ImagePuller puller;
  private final PullObserver observer;
  private final Map<String, CompletableFuture<ImageRecord>> pulling = new ConcurrentHashMap<>();
  private final Map<Digest, ImageConfig> configs = new ConcurrentHashMap<>();
  private volatile Predicate<Digest> inUse = id -> false;

  /** Linux images: layers unpacked for overlayfs, any index entry of the platform. */
  public ImageManager(Path root, RegistrySettings settings, LinuxSyscalls sys, Platform platform,
      PullObserver observer) {
    this(root, settings, platform, observer, new LayerUnpacker(sys), PlatformPolicy.ANY);
  }

  /**
   * Images for a backend of its own kind.
   *
   * @param importer turns layer blobs into the backend's layer directories
   * @param policy the backend's rule for index entries, on top of the platform match
   */
  public ImageManager(Path root, RegistrySettings settings, Platform platform, PullObserver observer,
      LayerImporter importer, PlatformPolicy policy) {
    this.root = root;
    this.settings = settings;
    this.observer = observer;
    this.content = new ContentStore(root.resolve("content"));
    this.layers = new LayerStore(root.resolve("layers"), importer);
    this.images = new ImageStore(root.resolve("images"));
    this.registries = new RegistryClient(Duration.ofSeconds(15));
    this.downloads = Executors.newFixedThreadPool(Math.max(1, settings.maxConcurrentDownloads()),
        Thread.ofPlatform().name("coracle-layer-", 0).daemon(true).factory());
    this.pulls = Executors.newCachedThreadPool(Thread.ofPlatform().name("coracle-pull-", 0).daemon(true).factory());
    this.ticker = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("coracle-pull-progress").daemon(true).factory());
    this.puller = new ImagePuller(settings, registries, content, layers, images, platform, policy, downloads, observer);
  }

  /** Says which images containers use; those cannot be removed. */
  public void trackUsage(Predicate<Digest> imageInUse) {
    this.inUse = imageInUse;
  }

  /**
   * Pulls an image, or joins an identical pull already running. Returns the image's record once
   * every layer is unpacked.
   */
  public ImageRecord pull(String image, Credentials credentials) {
    return pull(image, credentials, "");
  }

  /**
   * Pulls an image for a runtime handler ({@code ImageSpec.runtime_handler}; "" or null for the
   * default): the backend's platform policy may choose another index entry for another
   * handler (Windows: Hyper-V isolation runs older OS builds, WINDOWS.md §5).
   */
  public ImageRecord pull(String image, Credentials credentials, String runtimeHandler) {
    ImageReference reference = ImageReference.parse(image);
    String handler = runtimeHandler == null ? "" : runtimeHandler;
    // Credentials and handler are part of the key: a pull with other ones may see another answer.
    String key = reference + "|" + handler + "|" + credentials.hashCode();
    CompletableFuture<ImageRecord> mine = new CompletableFuture<>();
    CompletableFuture<ImageRecord> running = pulling.putIfAbsent(key, mine);
    if (running == null) {
      pulls.execute(() -> runPull(reference, credentials, handler, key, mine));
      running = mine;
    }
    try {
      return running.get(settings.pullTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new UnavailableException("pull of " + reference + " did not finish within " + settings.pullTimeout()
          + " (pull_timeout_seconds); it goes on in the background");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while pulling " + reference);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new UnavailableException("pull of " + reference + " failed: " + e.getCause(), e.getCause());
    }
  }

  private void runPull(ImageReference reference, Credentials credentials, String handler, String key,
      CompletableFuture<ImageRecord> result) {
    long start = System.nanoTime();
    PullProgress progress = new PullProgress(reference.toString());
    ScheduledFuture<?> reporter = ticker.scheduleAtFixedRate(() -> {
      if (progress.active()) {
        log.info(progress.render());
      }
    }, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    boolean ok = false;
    try {
      ImageRecord record = puller.pull(reference, credentials, handler, progress);
      log.info("pulled {} as {} in {} ms", reference, record.id(), (System.nanoTime() - start) / 1_000_000);
      ok = true;
      finish(key, result, () -> result.complete(record));
    } catch (RuntimeException e) {
      finish(key, result, () -> result.completeExceptionally(e));
    } finally {
      reporter.cancel(false);
      observer.pullFinished(System.nanoTime() - start, ok);
    }
  }

  /** Leaves the table of running pulls before answering, so a caller's next pull starts afresh. */
  private void finish(String key, CompletableFuture<ImageRecord> result, Runnable answer) {
    pulling.remove(key, result);
    answer.run();
  }

  /**
   * Finds an image by ID ({@code sha256:...} or bare hex), by tag ({@code busybox},
   * {@code docker.io/library/busybox:1.36}) or by digest ({@code busybox@sha256:...}).
   */
  public Optional<ImageRecord> find(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    if (ImageReference.looksLikeImageId(name)) {
      Optional<ImageRecord> byId = images.get(Digest.parse(name.contains(":") ? name : "sha256:" + name));
      if (byId.isPresent() || !name.contains("/")) {
        return byId;
      }
    }
    ImageReference reference = ImageReference.parse(name);
    if (reference.digest() != null) {
      return images.byRepoDigest(reference.name() + "@" + reference.digest());
    }
    return images.byTag(reference.name() + ":" + reference.tag());
  }

  public Collection<ImageRecord> list() {
    return images.all();
  }

  /**
   * The image's config (user, env, entrypoint, ...) as its author wrote it. Parsed once per
   * image: configs never change (their digest is the image ID), and listing reads every one.
   */
  public ImageConfig config(ImageRecord image) {
    return configs.computeIfAbsent(image.id(), id -> ManifestCodec.readConfig(content.read(id)));
  }

  /**
   * The OS build the image was made for (its config's {@code os.version}, e.g.
   * {@code 10.0.20348.2340}), which the Windows backend checks at create (WINDOWS.md §5);
   * empty when the config names none (Linux images).
   */
  public Optional<String> osVersion(ImageRecord image) {
    return Optional.ofNullable(config(image).osVersion());
  }

  /** The raw config JSON, for verbose status. */
  public byte[] configJson(ImageRecord image) {
    return content.read(image.id());
  }

  /** The unpacked layer directories, bottom first, for building a container's rootfs. */
  public List<Path> layerDirs(ImageRecord image) {
    return image.chainIds().stream().map(layers::diffDir).toList();
  }

  /**
   * Removes a name, or the whole image. Removing one tag of an image that has others only
   * untags it; removing its last tag, its ID or a digest removes the image and frees what no
   * other image uses. A missing image is not an error.
   */
  public synchronized void remove(String name) {
    Optional<ImageRecord> found = find(name);
    if (found.isEmpty()) {
      return;
    }
    ImageRecord image = found.get();
    Optional<String> tag = tagNamed(name, image);
    if (tag.isPresent() && image.repoTags().size() > 1) {
      List<String> kept = new ArrayList<>(image.repoTags());
      kept.remove(tag.get());
      images.update(image.id(), r -> r.withRepoTags(kept));
      return;
    }
    if (inUse.test(image.id())) {
      throw new FailedPreconditionException("image " + name + " (" + image.id() + ") is used by a container");
    }
    images.remove(image.id());
    configs.remove(image.id());
    collectGarbage();
  }

  private static Optional<String> tagNamed(String name, ImageRecord image) {
    if (ImageReference.looksLikeImageId(name) && image.id().toString().endsWith(name)) {
      return Optional.empty();
    }
    ImageReference reference = ImageReference.parse(name);
    if (reference.digest() != null) {
      return Optional.empty();
    }
    return Optional.of(reference.name() + ":" + reference.tag());
  }

  /** Deletes layers and blobs that no image record refers to. */
  private void collectGarbage() {
    Set<Digest> liveLayers = new HashSet<>();
    Set<Digest> liveBlobs = new HashSet<>();
    for (ImageRecord image : images.all()) {
      liveLayers.addAll(image.chainIds());
      liveBlobs.add(image.id());
      liveBlobs.add(image.manifest());
      liveBlobs.addAll(image.layers());
      image.repoDigests().forEach(d -> liveBlobs.add(Digest.parse(d.substring(d.lastIndexOf('@') + 1))));
    }
    layers.list().stream().filter(l -> !liveLayers.contains(l)).forEach(layers::delete);
    content.list().stream().filter(b -> !liveBlobs.contains(b)).forEach(content::delete);
  }

  /** Bytes and inodes the image store takes: blobs plus unpacked layers. */
  public Usage usage() {
    long bytes = 0;
    long inodes = 0;
    for (Digest blob : content.list()) {
      bytes += content.size(blob);
      inodes++;
    }
    for (Digest chainId : layers.list()) {
      Optional<LayerStore.Layer> layer = layers.get(chainId);
      if (layer.isPresent()) {
        bytes += layer.get().bytes();
        inodes += layer.get().inodes();
      }
    }
    return new Usage(root, bytes, inodes);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    pulls.shutdownNow();
    downloads.shutdownNow();
    registries.close();
  }
}

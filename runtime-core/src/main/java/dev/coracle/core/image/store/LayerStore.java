package dev.coracle.core.image.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.unpack.LayerImporter;
import dev.coracle.core.image.unpack.UnpackResult;
import dev.coracle.core.sys.AtomicFiles;
import dev.coracle.core.sys.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unpacked layers, one directory per chain ID under {@code <root>/<hex>}: {@code diff/} holds
 * that layer's own changes (an overlay lower dir) and {@code layer.json} what was measured. A
 * layer is unpacked once whatever number of images share it, into a temporary directory that
 * becomes visible by rename only when complete and verified against its diff ID.
 */
public final class LayerStore {

  /** What is recorded of an unpacked layer. */
  public record Layer(Digest chainId, Digest diffId, Digest parent, long bytes, long inodes) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final LayerImporter importer;
  private final Map<Digest, CompletableFuture<Layer>> inFlight = new ConcurrentHashMap<>();

  /** @param importer what turns a blob into a layer directory: the Linux unpacker, or a Windows importer */
  public LayerStore(Path root, LayerImporter importer) {
    this.root = root;
    this.importer = importer;
    try {
      Files.createDirectories(root);
      try (var entries = Files.list(root)) {
        for (Path leftover : entries.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
          FileTrees.delete(leftover);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the layer store at " + root, e);
    }
  }

  public Path diffDir(Digest chainId) {
    return dir(chainId).resolve("diff");
  }

  private Path dir(Digest chainId) {
    return root.resolve(chainId.hex());
  }

  public Optional<Layer> get(Digest chainId) {
    Path meta = dir(chainId).resolve("layer.json");
    if (!Files.isRegularFile(meta)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(meta.toFile(), Layer.class));
    } catch (IOException e) {
      throw new InternalException("layer " + chainId + " has an unreadable record: " + e.getMessage(), e);
    }
  }

  /** Makes the layer present, unpacking the blob {@code opener} reads when it is not yet. */
  public Layer ensure(Digest chainId, Digest diffId, Digest parent, Compression compression,
      ContentOpener opener) {
    Optional<Layer> present = get(chainId);
    if (present.isPresent()) {
      return present.get();
    }
    CompletableFuture<Layer> mine = new CompletableFuture<>();
    CompletableFuture<Layer> running = inFlight.putIfAbsent(chainId, mine);
    if (running != null) {
      return running.join();
    }
    try {
      mine.complete(unpack(chainId, diffId, parent, compression, opener));
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(chainId, mine);
    }
    return mine.join();
  }

  /** Opens a layer blob's bytes. */
  @FunctionalInterface
  public interface ContentOpener {
    InputStream open() throws IOException;
  }

  private Layer unpack(Digest chainId, Digest diffId, Digest parent, Compression compression, ContentOpener opener) {
    Path temp = root.resolve(".tmp-" + chainId.hex().substring(0, 16) + "-" + Long.toHexString(System.nanoTime()));
    try {
      Files.createDirectories(temp.resolve("diff"));
      UnpackResult result;
      try (InputStream blob = opener.open()) {
        result = importer.unpack(blob, compression, temp.resolve("diff"), diffId, parents(parent));
      }
      if (!result.diffId().equals(diffId)) {
        throw new InvalidArgumentException("layer " + chainId + " unpacked to diff ID " + result.diffId()
            + " but the image config says " + diffId);
      }
      Layer layer = new Layer(chainId, diffId, parent, result.bytes(), result.inodes());
      AtomicFiles.write(temp.resolve("layer.json"), JSON.writeValueAsBytes(layer));
      Files.move(temp, dir(chainId), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      return layer;
    } catch (IOException e) {
      throw new InternalException("cannot unpack layer " + chainId + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          FileTrees.delete(temp);
        } catch (IOException ignored) {
          // Removed on the next start with the other leftovers.
        }
      }
    }
  }

  /**
   * True when a layer can only be unpacked once the layers below it are present (see
   * {@link LayerImporter#needsParents()}).
   */
  public boolean unpacksInOrder() {
    return importer.needsParents();
  }

  /** The present layers from {@code parent} down to the base, top-most first, when the importer wants them. */
  private List<Path> parents(Digest parent) {
    if (!importer.needsParents()) {
      return List.of();
    }
    List<Path> chain = new ArrayList<>();
    for (Digest at = parent; at != null; ) {
      Digest below = at;
      Layer layer = get(below).orElseThrow(() -> new FailedPreconditionException(
          "layer " + below + " must be unpacked before the layers above it"));
      chain.add(diffDir(below));
      at = layer.parent();
    }
    return List.copyOf(chain);
  }

  public void delete(Digest chainId) {
    try {
      Path dir = dir(chainId);
      if (Files.exists(dir)) {
        // Hide it first: a half-deleted layer must never look present.
        Path doomed = root.resolve(".tmp-gone-" + chainId.hex());
        Files.move(dir, doomed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        FileTrees.delete(doomed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete layer " + chainId, e);
    }
  }

  /** Every layer present. */
  public List<Digest> list() {
    try (var entries = Files.list(root)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
          .map(hex -> new Digest("sha256", hex)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

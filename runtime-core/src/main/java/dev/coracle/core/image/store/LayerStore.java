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
 *
 * <p>An importer that {@linkplain LayerImporter#importsInPlace() imports in place} (Windows)
 * gets {@code <hex>/<hex>} instead of {@code diff/}, made where it stays: there
 * {@code layer.json}, written last, is what makes the layer present, a failed import deletes
 * {@code <hex>} whole, and a {@code <hex>} without {@code layer.json} found at start is the
 * leftover of one that died and is deleted too.
 */
public final class LayerStore {

  /** What is recorded of an unpacked layer. */
  public record Layer(Digest chainId, Digest diffId, Digest parent, long bytes, long inodes) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RECORD = "layer.json";

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
        for (Path leftover : entries.filter(this::leftover).toList()) {
          FileTrees.delete(leftover);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the layer store at " + root, e);
    }
  }

  /** The layer's own content: {@code <hex>/diff}, or {@code <hex>/<hex>} for an importer that imports in place. */
  public Path diffDir(Digest chainId) {
    return dir(chainId).resolve(importer.importsInPlace() ? chainId.hex() : "diff");
  }

  /** A temporary directory of an unpack that died; with in-place imports also a layer without its record. */
  private boolean leftover(Path entry) {
    String name = entry.getFileName().toString();
    return name.startsWith(".tmp-")
        || (importer.importsInPlace() && !name.startsWith(".") && !Files.exists(entry.resolve(RECORD)));
  }

  private Path dir(Digest chainId) {
    return root.resolve(chainId.hex());
  }

  public Optional<Layer> get(Digest chainId) {
    Path meta = dir(chainId).resolve(RECORD);
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
      // Another pull may have finished this layer between the look above and taking the slot.
      Optional<Layer> finished = get(chainId);
      mine.complete(finished.isPresent() ? finished.get() : importer.importsInPlace()
          ? unpackInPlace(chainId, diffId, parent, compression, opener)
          : unpack(chainId, diffId, parent, compression, opener));
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
      Layer layer = importInto(temp.resolve("diff"), chainId, diffId, parent, compression, opener);
      AtomicFiles.write(temp.resolve(RECORD), JSON.writeValueAsBytes(layer));
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
   * Imports into the layer's final directory (see {@link LayerImporter#importsInPlace()}); the
   * record written last makes it present. Whatever fails, the chain ID's directory goes.
   */
  private Layer unpackInPlace(Digest chainId, Digest diffId, Digest parent, Compression compression,
      ContentOpener opener) {
    Path dir = dir(chainId);
    boolean done = false;
    try {
      FileTrees.delete(dir); // without a record it is what an import that died left
      Files.createDirectories(diffDir(chainId));
      Layer layer = importInto(diffDir(chainId), chainId, diffId, parent, compression, opener);
      AtomicFiles.write(dir.resolve(RECORD), JSON.writeValueAsBytes(layer));
      done = true;
      return layer;
    } catch (IOException e) {
      throw new InternalException("cannot import layer " + chainId + ": " + e.getMessage(), e);
    } finally {
      if (!done) {
        try {
          FileTrees.delete(dir);
        } catch (IOException ignored) {
          // Without its record it is not present, and the next start deletes it.
        }
      }
    }
  }

  private Layer importInto(Path content, Digest chainId, Digest diffId, Digest parent, Compression compression,
      ContentOpener opener) throws IOException {
    UnpackResult result;
    try (InputStream blob = opener.open()) {
      result = importer.unpack(blob, compression, content, diffId, parents(parent));
    }
    if (!result.diffId().equals(diffId)) {
      throw new InvalidArgumentException("layer " + chainId + " unpacked to diff ID " + result.diffId()
          + " but the image config says " + diffId);
    }
    return new Layer(chainId, diffId, parent, result.bytes(), result.inodes());
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
      if (importer.importsInPlace()) {
        // Never moved, even to delete it: dropping its record is what hides it.
        Files.deleteIfExists(dir.resolve(RECORD));
        FileTrees.delete(dir);
      } else if (Files.exists(dir)) {
        // Hide it first: a half-deleted layer must never look present.
        Path doomed = root.resolve(".tmp-gone-" + chainId.hex());
        Files.move(dir, doomed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        FileTrees.delete(doomed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete layer " + chainId, e);
    }
  }

  /** Every layer present or left over; never one being unpacked right now (its pull owns it). */
  public List<Digest> list() {
    try (var entries = Files.list(root)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
          .map(hex -> new Digest("sha256", hex)).filter(d -> !inFlight.containsKey(d)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

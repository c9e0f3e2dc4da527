package dev.coracle.core.image.content;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.ResourceExhaustedException;
import dev.coracle.core.image.ref.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Blobs addressed by digest under {@code <root>/blobs/<algorithm>/<hex>}. A blob enters only
 * whole and verified: bytes stream into a temporary file under {@code ingest/} while being
 * hashed, and the file is renamed into place only when digest and size match. Two callers
 * fetching the same blob share one download.
 */
public final class ContentStore {

  /** Opens the bytes of a blob, once per attempt. */
  @FunctionalInterface
  public interface BlobSource {
    InputStream open() throws IOException;
  }

  private final Path root;
  private final Map<Digest, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();

  public ContentStore(Path root) {
    this.root = root;
    try {
      Files.createDirectories(root.resolve("ingest"));
      clearIngest();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the content store at " + root, e);
    }
  }

  public Path path(Digest digest) {
    return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  public boolean has(Digest digest) {
    return Files.isRegularFile(path(digest));
  }

  public byte[] read(Digest digest) {
    try {
      return Files.readAllBytes(path(digest));
    } catch (NoSuchFileException e) {
      throw new dev.coracle.core.error.NotFoundException("blob " + digest + " is not in the content store");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stores bytes already in memory (manifests, configs) after checking their digest. */
  public Path put(Digest digest, byte[] bytes) {
    return ingest(digest, bytes.length, () -> new java.io.ByteArrayInputStream(bytes), n -> {});
  }

  /**
   * Makes the blob present: returns at once if it is, joins a download already running for it,
   * or streams it from {@code source}, verifying size and digest.
   *
   * @param size the expected size, or -1 when unknown
   * @param progress told of every chunk's byte count as it arrives
   */
  public Path ingest(Digest digest, long size, BlobSource source, LongConsumer progress) {
    if (has(digest)) {
      return path(digest);
    }
    CompletableFuture<Path> mine = new CompletableFuture<>();
    CompletableFuture<Path> running = inFlight.putIfAbsent(digest, mine);
    if (running != null) {
      return join(running);
    }
    try {
      mine.complete(download(digest, size, source, progress));
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
    } finally {
      inFlight.remove(digest, mine);
    }
    return join(mine);
  }

  private static Path join(CompletableFuture<Path> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private Path download(Digest digest, long size, BlobSource source, LongConsumer progress) {
    Path temp = null;
    try {
      temp = Files.createTempFile(root.resolve("ingest"), digest.hex().substring(0, 12) + "-", ".part");
      MessageDigest hasher = digest.newHasher();
      long written = 0;
      try (InputStream in = source.open();
          FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          written += n;
          if (size >= 0 && written > size) {
            throw new InvalidArgumentException("blob " + digest + " is longer than the " + size + " bytes announced");
          }
          hasher.update(buffer, 0, n);
          out.write(buffer, 0, n);
          progress.accept(n);
        }
        channel.force(true);
      }
      if (size >= 0 && written != size) {
        throw new InvalidArgumentException("blob " + digest + " ended after " + written + " of " + size + " bytes");
      }
      Digest actual = Digest.of(digest.algorithm(), hasher);
      if (!actual.equals(digest)) {
        throw new InvalidArgumentException("blob " + digest + " failed verification: its bytes hash to " + actual);
      }
      Path target = path(digest);
      Files.createDirectories(target.getParent());
      moveIntoPlace(temp, target);
      temp = null;
      return target;
    } catch (FileSystemException e) {
      if (isDiskFull(e)) {
        throw new ResourceExhaustedException("no space left on device while storing blob " + digest, e);
      }
      throw new InternalException("cannot store blob " + digest + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new dev.coracle.core.error.UnavailableException("download of blob " + digest + " failed: " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Cleared with the rest of ingest/ on the next start.
        }
      }
    }
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temp); // another writer finished the same bytes first
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the content store's ingest and blob dirs must be on one filesystem", e);
    }
  }

  static boolean isDiskFull(FileSystemException e) {
    String reason = e.getReason() == null ? e.getMessage() : e.getReason();
    return reason != null && reason.contains("No space left on device");
  }

  public void delete(Digest digest) {
    try {
      Files.deleteIfExists(path(digest));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete blob " + digest, e);
    }
  }

  /** Every blob present, for garbage collection. */
  public List<Digest> list() {
    List<Digest> out = new ArrayList<>();
    Path blobs = root.resolve("blobs");
    if (!Files.isDirectory(blobs)) {
      return out;
    }
    try (Stream<Path> algorithms = Files.list(blobs)) {
      for (Path algorithm : algorithms.toList()) {
        try (Stream<Path> files = Files.list(algorithm)) {
          files.forEach(f -> out.add(new Digest(algorithm.getFileName().toString(), f.getFileName().toString())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public long size(Digest digest) {
    try {
      return Files.size(path(digest));
    } catch (IOException e) {
      return 0;
    }
  }

  /** Partial downloads of a daemon that stopped mid-pull never count as content. */
  private void clearIngest() throws IOException {
    try (Stream<Path> parts = Files.list(root.resolve("ingest"))) {
      for (Path part : parts.toList()) {
        Files.deleteIfExists(part);
      }
    }
  }
}

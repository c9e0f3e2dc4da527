package dev.coracle.core.image.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.sys.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Image records, one JSON file per image under {@code <root>/<id hex>.json}, mirrored in memory.
 * Every change writes the file first (atomically) and then swaps the in-memory record, so what
 * a reader sees has always reached the disk.
 */
public final class ImageStore {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final Path root;
  private final Map<Digest, ImageRecord> byId = new ConcurrentHashMap<>();

  public ImageStore(Path root) {
    this.root = root;
    try {
      Files.createDirectories(root);
      try (var files = Files.list(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
          ImageRecord record = JSON.readValue(file.toFile(), ImageRecord.class);
          byId.put(record.id(), record);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the image records in " + root, e);
    }
  }

  public Optional<ImageRecord> get(Digest id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Collection<ImageRecord> all() {
    return List.copyOf(byId.values());
  }

  public Optional<ImageRecord> byTag(String repoTag) {
    return byId.values().stream().filter(r -> r.repoTags().contains(repoTag)).findFirst();
  }

  public Optional<ImageRecord> byRepoDigest(String repoDigest) {
    return byId.values().stream().filter(r -> r.repoDigests().contains(repoDigest)).findFirst();
  }

  /** Writes a record, new or changed. Serialised per store: tag moves touch two records. */
  public synchronized void put(ImageRecord record) {
    try {
      AtomicFiles.write(file(record.id()), JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      throw new InternalException("cannot write the record of image " + record.id() + ": " + e.getMessage(), e);
    }
    byId.put(record.id(), record);
  }

  /** Changes a record in place; a no-op when the image is gone. */
  public synchronized Optional<ImageRecord> update(Digest id, UnaryOperator<ImageRecord> change) {
    ImageRecord current = byId.get(id);
    if (current == null) {
      return Optional.empty();
    }
    ImageRecord next = change.apply(current);
    put(next);
    return Optional.of(next);
  }

  /**
   * Records a pulled image under its names, moving each tag away from any other image that
   * had it (a tag names one image at a time).
   */
  public synchronized ImageRecord add(ImageRecord pulled) {
    for (ImageRecord other : List.copyOf(byId.values())) {
      if (!other.id().equals(pulled.id()) && other.repoTags().stream().anyMatch(pulled.repoTags()::contains)) {
        List<String> kept = new ArrayList<>(other.repoTags());
        kept.removeAll(pulled.repoTags());
        put(other.withRepoTags(kept));
      }
    }
    ImageRecord merged = get(pulled.id()).map(existing -> merge(existing, pulled)).orElse(pulled);
    put(merged);
    return merged;
  }

  private static ImageRecord merge(ImageRecord existing, ImageRecord pulled) {
    List<String> tags = new ArrayList<>(existing.repoTags());
    pulled.repoTags().stream().filter(t -> !tags.contains(t)).forEach(tags::add);
    List<String> digests = new ArrayList<>(existing.repoDigests());
    pulled.repoDigests().stream().filter(d -> !digests.contains(d)).forEach(digests::add);
    return existing.withRepoTags(tags).withRepoDigests(digests);
  }

  public synchronized void remove(Digest id) {
    try {
      Files.deleteIfExists(file(id));
    } catch (IOException e) {
      throw new InternalException("cannot delete the record of image " + id + ": " + e.getMessage(), e);
    }
    byId.remove(id);
  }

  private Path file(Digest id) {
    return root.resolve(id.hex() + ".json");
  }
}

package dev.coracle.hcs.backend;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coracle.core.error.InternalException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable records, one JSON file per ID under a root, each written to a temporary file,
 * synced and renamed over the old one: a crash leaves the old record or the new, never half.
 */
final class RecordFiles<T> {

  private static final Logger log = LoggerFactory.getLogger(RecordFiles.class);
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final Path root;
  private final Class<T> type;

  RecordFiles(Path root, Class<T> type) {
    this.root = root;
    this.type = type;
  }

  void write(String id, T record) {
    Path file = root.resolve(id + ".json");
    Path temp = root.resolve(id + ".json." + Thread.currentThread().threadId() + ".tmp");
    try {
      Files.createDirectories(root);
      Files.write(temp, JSON.writeValueAsBytes(record));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new InternalException("cannot write the record of " + id + " under " + root + ": " + e.getMessage(), e);
    }
  }

  void delete(String id) {
    try {
      Files.deleteIfExists(root.resolve(id + ".json"));
    } catch (IOException e) {
      throw new InternalException("cannot delete the record of " + id + ": " + e.getMessage(), e);
    }
  }

  /** Every record a previous daemon left; an unreadable one is logged and skipped. */
  List<T> load() {
    List<T> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (var files = Files.list(root)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        try {
          found.add(JSON.readValue(file.toFile(), type));
        } catch (IOException e) {
          log.error("skipping unreadable record {}: {}", file, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new InternalException("cannot list the records under " + root + ": " + e.getMessage(), e);
    }
    return found;
  }
}

package dev.coracle.core.container;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.lifecycle.IdPrefixes;
import dev.coracle.core.sys.AtomicFiles;
import dev.coracle.core.sys.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers' records: one directory per container under the root, holding
 * {@code container.json} (written atomically at each change) beside the bundle and conmon's
 * files. Memory mirrors the disk; the disk is written first, so a crash between the two loses
 * nothing the next daemon would need.
 */
final class ContainerStore {

  private static final Logger log = LoggerFactory.getLogger(ContainerStore.class);
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final String RECORD = "container.json";

  private final Path root;
  private final Map<String, ContainerRecord> records = new ConcurrentHashMap<>();

  ContainerStore(Path root) {
    this.root = root;
  }

  Path dir(String id) {
    return root.resolve(id);
  }

  /** Reads every record a previous daemon left; an unreadable one is logged and skipped. */
  List<ContainerRecord> load() throws IOException {
    Files.createDirectories(root);
    List<ContainerRecord> found = new ArrayList<>();
    try (var dirs = Files.list(root)) {
      for (Path file : dirs.map(d -> d.resolve(RECORD)).filter(Files::isRegularFile).toList()) {
        try {
          ContainerRecord record = JSON.readValue(file.toFile(), ContainerRecord.class);
          records.put(record.id(), record);
          found.add(record);
        } catch (IOException e) {
          log.error("skipping unreadable container record {}: {}", file, e.getMessage());
        }
      }
    }
    return found;
  }

  void add(ContainerRecord record) {
    write(record);
    records.put(record.id(), record);
  }

  Optional<ContainerRecord> get(String id) {
    return Optional.ofNullable(records.get(id));
  }

  /** The full ID for an ID or a prefix that names exactly one container. */
  Optional<String> resolve(String idOrPrefix) {
    return IdPrefixes.resolve("container ID", records.keySet(), idOrPrefix);
  }

  ContainerRecord require(String idOrPrefix) {
    return resolve(idOrPrefix).map(records::get)
        .orElseThrow(() -> new NotFoundException("container \"" + idOrPrefix + "\" not found"));
  }

  Collection<ContainerRecord> all() {
    return List.copyOf(records.values());
  }

  /**
   * Changes one container's status, atomically with respect to other changes of the same
   * container; returns the record as it now is, or empty when the container is gone.
   */
  Optional<ContainerRecord> update(String id, UnaryOperator<ContainerRecord.Status> change) {
    return Optional.ofNullable(records.computeIfPresent(id, (key, old) -> {
      ContainerRecord next = old.withStatus(change.apply(old.status()));
      if (!next.equals(old)) {
        write(next);
      }
      return next;
    }));
  }

  void delete(String id) {
    try {
      FileTrees.delete(dir(id));
    } catch (IOException e) {
      throw new InternalException("cannot delete the files of container " + id + ": " + e.getMessage(), e);
    }
    records.remove(id);
  }

  private void write(ContainerRecord record) {
    try {
      AtomicFiles.write(dir(record.id()).resolve(RECORD), JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      throw new InternalException("cannot record container " + record.id() + ": " + e.getMessage(), e);
    }
  }
}

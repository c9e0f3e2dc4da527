package dev.coracle.core.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.sys.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a snapshot was made from, kept beside it ({@code snapshot.json}) before its first mount:
 * a retried prepare compares against it, a re-mount after a reboot rebuilds the same options
 * from it, and pruning the short links asks every record which links it still needs.
 *
 * @param version the record format, 1
 * @param layers the layer dirs, bottom first, absolute
 * @param links the short link ID of each layer, in the same order
 */
record SnapshotRecord(int version, boolean readOnly, List<String> layers, List<String> links) {

  static final String FILE = "snapshot.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  SnapshotRecord {
    layers = List.copyOf(layers);
    links = List.copyOf(links);
  }

  SnapshotRecord(boolean readOnly, List<Path> layers, List<String> links) {
    this(1, readOnly, layers.stream().map(Path::toString).toList(), links);
  }

  boolean sameAs(boolean otherReadOnly, List<Path> otherLayers) {
    return readOnly == otherReadOnly && layers.equals(otherLayers.stream().map(Path::toString).toList());
  }

  void write(Path snapshotDir) throws IOException {
    AtomicFiles.write(snapshotDir.resolve(FILE), JSON.writeValueAsBytes(this));
  }

  /** The record in {@code snapshotDir}; empty when there is none (not a regular file). */
  static Optional<SnapshotRecord> read(Path snapshotDir) throws IOException {
    Path file = snapshotDir.resolve(FILE);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    SnapshotRecord record = JSON.readValue(file.toFile(), SnapshotRecord.class);
    if (record.version != 1) {
      throw new IOException(file + " has record version " + record.version + ", this runtime reads 1");
    }
    return Optional.of(record);
  }
}

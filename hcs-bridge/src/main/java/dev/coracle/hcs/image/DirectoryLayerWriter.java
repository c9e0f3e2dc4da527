package dev.coracle.hcs.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.sys.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link WindowsLayerWriter} for Linux and the simulated mode: directories and file contents
 * as plain directories and files under the root, an alternate data stream as a file named
 * {@code <file>:<stream>} beside its file, hard links as hard links; and what Linux cannot
 * hold (attributes, security descriptors, EAs, times, symbolic links and junctions,
 * tombstones) recorded in {@link #METADATA} at the root, written when the writer closes.
 * Links are only recorded, never made on disk, so nothing written later can pass through one.
 */
public final class DirectoryLayerWriter implements WindowsLayerWriter {

  /** The sidecar at the layer root; no layer entry has this name (all live under Files/, Hives/, UtilityVM/). */
  public static final String METADATA = "windows-layer.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the sidecar holds.
   *
   * @param entries per layer-relative path, in the order written
   * @param links hard links: path to its target
   * @param tombstones paths the layer deletes from the layers below
   */
  public record Metadata(Map<String, Recorded> entries, Map<String, String> links, List<String> tombstones) {

    public Metadata {
      entries = entries == null ? Map.of() : entries;
      links = links == null ? Map.of() : links;
      tombstones = tombstones == null ? List.of() : tombstones;
    }
  }

  /**
   * One object's Windows metadata; byte values base64, times ISO-8601 or null.
   *
   * @param streams the names of its alternate data streams
   */
  public record Recorded(String kind, int attributes, String securityDescriptor, String sddl, String linkTarget,
      boolean mountPoint, Map<String, String> extendedAttributes, String created, String modified, String accessed,
      String changed, List<String> streams) {}

  private final Path root;
  private final Map<String, Recorded> entries = new LinkedHashMap<>();
  private final Map<String, String> links = new LinkedHashMap<>();
  private final List<String> tombstones = new ArrayList<>();

  /** @param parents unused: the plain files of this layer never depend on the layers below */
  public DirectoryLayerWriter(Path root, List<Path> parents) {
    this.root = root;
  }

  /** Reads the sidecar of a layer this writer wrote. */
  public static Metadata readMetadata(Path layer) {
    try {
      return JSON.readValue(layer.resolve(METADATA).toFile(), Metadata.class);
    } catch (IOException e) {
      throw new InternalException("cannot read " + layer.resolve(METADATA) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void add(WindowsLayerEntry entry, InputStream data) {
    Path path = root.resolve(entry.path());
    try {
      switch (entry.kind()) {
        case DIRECTORY -> {
          if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(path);
          }
          Files.createDirectories(path);
        }
        case FILE -> {
          Files.createDirectories(path.getParent());
          Files.copy(data, path, StandardCopyOption.REPLACE_EXISTING);
        }
        case SYMLINK -> Files.createDirectories(path.getParent());
        case ALTERNATE_STREAM -> {
          Files.copy(data, path.resolveSibling(path.getFileName() + ":" + entry.stream()),
              StandardCopyOption.REPLACE_EXISTING);
          addStream(entry);
          return;
        }
      }
    } catch (IOException e) {
      throw new InternalException("cannot write " + path + ": " + e.getMessage(), e);
    }
    entries.remove(entry.path()); // a later entry of the same name replaces the earlier
    links.remove(entry.path());
    entries.put(entry.path(), record(entry));
  }

  private void addStream(WindowsLayerEntry entry) {
    Recorded file = entries.get(entry.path());
    if (file == null) {
      throw new InvalidArgumentException("the stream " + entry.stream() + " of " + entry.path() + " has no file");
    }
    List<String> streams = new ArrayList<>(file.streams());
    streams.add(entry.stream());
    entries.put(entry.path(), new Recorded(file.kind(), file.attributes(), file.securityDescriptor(), file.sddl(),
        file.linkTarget(), file.mountPoint(), file.extendedAttributes(), file.created(), file.modified(),
        file.accessed(), file.changed(), List.copyOf(streams)));
  }

  private static Recorded record(WindowsLayerEntry entry) {
    Map<String, String> eas = new LinkedHashMap<>();
    entry.extendedAttributes().forEach((name, value) -> eas.put(name, base64(value)));
    return new Recorded(entry.kind().name(), entry.attributes(), base64(entry.securityDescriptor()), entry.sddl(),
        entry.linkTarget(), entry.mountPoint(), eas, time(entry.created()), time(entry.modified()),
        time(entry.accessed()), time(entry.changed()), List.of());
  }

  @Override
  public void link(String path, String target) {
    Path link = root.resolve(path);
    try {
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createLink(link, root.resolve(target));
    } catch (IOException e) {
      throw new InternalException("cannot link " + link + " to " + target + ": " + e.getMessage(), e);
    }
    entries.remove(path);
    links.put(path, target);
  }

  @Override
  public void remove(String path) {
    tombstones.add(path);
  }

  @Override
  public void close() {
    try {
      AtomicFiles.write(root.resolve(METADATA),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Metadata(entries, links, tombstones)));
    } catch (IOException e) {
      throw new InternalException("cannot write " + root.resolve(METADATA) + ": " + e.getMessage(), e);
    }
  }

  private static String base64(byte[] bytes) {
    return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
  }

  private static String time(FileTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}

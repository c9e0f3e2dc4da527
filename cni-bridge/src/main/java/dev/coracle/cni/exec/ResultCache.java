package dev.coracle.cni.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import dev.coracle.cni.config.NetworkConfigList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SequencedMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last ADD of each attachment on disk: its result, the exact network config list and the
 * runtime parameters it ran with, so DEL and CHECK work after the daemon restarted and after
 * the network's config changed or vanished. One file per (network, container, interface),
 * written atomically; removed after a successful DEL.
 */
public final class ResultCache {

  private static final Logger LOG = LoggerFactory.getLogger(ResultCache.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KIND = "coracle-cni-cache-v1";
  private static final String SUFFIX = ".json";
  private static final String TEMP = ".tmp-";

  private final Path dir;

  /** @param dir where the entries live; made when the first one is written */
  public ResultCache(Path dir) {
    this.dir = dir;
  }

  /** Which network a container's interface is attached to. */
  public record Key(String network, String containerId, String ifName) {

    public Key {
      // ':' and '/' appear in none of the three (network names and container IDs are
      // [a-zA-Z0-9_.-], interface names hold neither), so the file name is unambiguous.
      for (String part : List.of(network, containerId, ifName)) {
        if (part == null || part.isEmpty() || part.contains(":") || part.contains("/")) {
          throw new CniException(
              CniException.INVALID_ENVIRONMENT, "", "'" + part + "' cannot name a cache entry");
        }
      }
    }

    public Attachment attachment() {
      return new Attachment(containerId, ifName);
    }

    String fileName() {
      return network + ":" + containerId + ":" + ifName + SUFFIX;
    }
  }

  /** One cached ADD. */
  public record Entry(Key key, NetworkConfigList config, PodRuntimeConf runtime, CniResult result) {}

  /** The cached ADD of {@code key}, if any. */
  public Optional<Entry> get(Key key) {
    Path file = dir.resolve(key.fileName());
    try {
      return Optional.of(read(Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new CniException(
          CniException.IO_FAILURE, "", "cannot read the CNI cache entry " + file + ": " + e, e);
    }
  }

  /** The keys of every cached attachment. */
  public Set<Key> all() {
    Set<Key> out = new HashSet<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        String[] parts = file.getFileName().toString().replaceFirst("\\.json$", "").split(":", -1);
        if (parts.length == 3 && !file.getFileName().toString().startsWith(TEMP)) {
          out.add(new Key(parts[0], parts[1], parts[2]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the CNI cache " + dir, e);
    }
    return out;
  }

  void put(Entry entry) {
    byte[] bytes = write(entry).toPrettyString().getBytes(StandardCharsets.UTF_8);
    Path target = dir.resolve(entry.key().fileName());
    Path temp = dir.resolve(TEMP + UUID.randomUUID() + SUFFIX);
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
      move(temp, target);
      syncDir();
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new CniException(
          CniException.IO_FAILURE, "", "cannot write the CNI cache entry " + target + ": " + e, e);
    }
  }

  void remove(Key key) {
    Path file = dir.resolve(key.fileName());
    try {
      if (Files.deleteIfExists(file)) {
        syncDir();
      }
    } catch (IOException e) {
      throw new CniException(
          CniException.IO_FAILURE, "", "cannot remove the CNI cache entry " + file + ": " + e, e);
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  // The rename is durable only once the directory itself is on disk.
  private void syncDir() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("cannot sync {}: {}", dir, e.toString());
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", file, e.toString());
    }
  }

  private static ObjectNode write(Entry entry) {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", KIND);
    n.put("network", entry.key().network());
    n.put("containerId", entry.key().containerId());
    n.put("ifName", entry.key().ifName());
    PodRuntimeConf rt = entry.runtime();
    n.put("netns", rt.netns().toString());
    ArrayNode args = n.putArray("cniArgs");
    rt.cniArgs().forEach((k, v) -> args.addArray().add(k).add(v));
    n.set("capabilityArgs", rt.capabilityArgs());
    n.set("config", configJson(entry.config()));
    if (entry.config().source() != null) {
      n.put("configSource", entry.config().source().toString());
    }
    n.set("result", entry.result().raw());
    return n;
  }

  private static Entry read(byte[] bytes) throws IOException {
    JsonNode n = JSON.readTree(bytes);
    if (!KIND.equals(n.path("kind").asText())) {
      throw new IOException("not a " + KIND + " entry");
    }
    Key key =
        new Key(n.path("network").asText(), n.path("containerId").asText(), n.path("ifName").asText());
    SequencedMap<String, String> args = new LinkedHashMap<>();
    n.path("cniArgs").forEach(pair -> args.put(pair.path(0).asText(), pair.path(1).asText()));
    PodRuntimeConf runtime =
        new PodRuntimeConf(
                key.containerId(), Path.of(n.path("netns").asText()), key.ifName(), args,
                List.of(), null, null, List.of(), null)
            .withCapabilityArgs(n.path("capabilityArgs"));
    JsonNode c = n.path("config");
    List<ObjectNode> plugins = new ArrayList<>();
    c.path("plugins").forEach(p -> plugins.add((ObjectNode) p));
    NetworkConfigList config =
        new NetworkConfigList(
            c.path("cniVersion").asText(),
            c.path("name").asText(),
            c.path("disableCheck").asBoolean(false),
            c.path("disableGC").asBoolean(false),
            plugins,
            n.hasNonNull("configSource") ? Path.of(n.get("configSource").asText()) : null);
    CniResult result = ResultJson.parse(n.path("result"), "cache");
    return new Entry(key, config, runtime, result);
  }

  /** The list as a {@code .conflist} would hold it. */
  static ObjectNode configJson(NetworkConfigList list) {
    ObjectNode c = JSON.createObjectNode();
    c.put("cniVersion", list.cniVersion());
    c.put("name", list.name());
    if (list.disableCheck()) {
      c.put("disableCheck", true);
    }
    if (list.disableGc()) {
      c.put("disableGC", true);
    }
    ArrayNode plugins = c.putArray("plugins");
    list.plugins().forEach(plugins::add);
    return c;
  }
}

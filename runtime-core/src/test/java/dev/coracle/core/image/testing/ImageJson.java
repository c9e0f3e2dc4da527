package dev.coracle.core.image.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.core.image.ref.Digest;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents of an image (config, manifest, index), written as plain Jackson trees in a
 * fixed key order so the same image always has the same digests.
 */
final class ImageJson {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String CREATED = LayerTar.MTIME.toString();

  private ImageJson() {}

  /** A pointer to a blob or manifest: media type, digest, size, and optionally platform and annotations. */
  record Descriptor(String mediaType, Digest digest, long size, Platform platform, Map<String, String> annotations) {

    Descriptor(String mediaType, Digest digest, long size) {
      this(mediaType, digest, size, null, Map.of());
    }

    ObjectNode toJson() {
      ObjectNode node = JSON.createObjectNode();
      node.put("mediaType", mediaType);
      node.put("digest", digest.toString());
      node.put("size", size);
      if (!annotations.isEmpty()) {
        ObjectNode notes = node.putObject("annotations");
        annotations.forEach(notes::put);
      }
      if (platform != null) {
        platform.writeTo(node.putObject("platform"));
      }
      return node;
    }
  }

  /** An image config: the platform, the runtime defaults ({@code config}), the layer diff_ids, one history entry per layer. */
  static byte[] config(Platform platform, ObjectNode runConfig, List<Digest> diffIds, List<String> history) {
    ObjectNode config = JSON.createObjectNode();
    config.put("created", CREATED);
    platform.writeTo(config);
    config.set("config", runConfig);
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    diffIds.forEach(id -> ids.add(id.toString()));
    ArrayNode entries = config.putArray("history");
    for (String createdBy : history) {
      entries.addObject().put("created", CREATED).put("created_by", createdBy);
    }
    return bytes(config);
  }

  static byte[] manifest(String mediaType, Descriptor config, List<Descriptor> layers) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", mediaType);
    manifest.set("config", config.toJson());
    ArrayNode entries = manifest.putArray("layers");
    layers.forEach(layer -> entries.add(layer.toJson()));
    return bytes(manifest);
  }

  static byte[] index(String mediaType, List<Descriptor> manifests) {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", mediaType);
    ArrayNode entries = index.putArray("manifests");
    manifests.forEach(manifest -> entries.add(manifest.toJson()));
    return bytes(index);
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

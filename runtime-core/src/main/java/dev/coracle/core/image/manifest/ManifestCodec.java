package dev.coracle.core.image.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads and writes indexes, manifests and image configs, and tells which kind a fetched manifest
 * body is. Everything a registry or an image store hands over goes through the one mapper here.
 */
public final class ManifestCodec {

  private static final String SCHEMA1_REFUSED =
      "Docker schema 1 manifests are not supported (deprecated); re-push the image with a current client";

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // Optional fields left out when null or empty, but map entries always kept: the value of
      // an ExposedPorts or Volumes entry is an empty object, and a label may be "".
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS))
      .build();

  private ManifestCodec() {}

  public static ImageIndex readIndex(byte[] json) {
    JsonNode tree = tree(json, "image index");
    require(tree.path("manifests").isArray(), "image index has no \"manifests\" array");
    return convert(tree, ImageIndex.class, "image index");
  }

  public static ImageManifest readManifest(byte[] json) {
    JsonNode tree = tree(json, "image manifest");
    refuseSchema1(tree);
    require(tree.path("config").isObject(), "image manifest has no \"config\" descriptor");
    require(tree.path("layers").isArray(), "image manifest has no \"layers\" array");
    return convert(tree, ImageManifest.class, "image manifest");
  }

  public static ImageConfig readConfig(byte[] json) {
    JsonNode tree = tree(json, "image config");
    require(tree.path("rootfs").isObject(), "image config has no \"rootfs\" object");
    return convert(tree, ImageConfig.class, "image config");
  }

  /**
   * The media type of a fetched manifest body: an index type or a manifest type. The body's own
   * {@code mediaType} wins over the Content-Type header (registries are known to send
   * {@code application/json}), and the document's shape decides when neither says.
   */
  public static String mediaTypeOf(byte[] json, String contentTypeHeader) {
    JsonNode tree = tree(json, "manifest");
    refuseSchema1(tree);
    String declared = tree.path("mediaType").asText("");
    if (!declared.isEmpty()) {
      return known(declared, "manifest declares unsupported media type \"" + declared + "\"");
    }
    String header = MediaTypes.base(contentTypeHeader);
    if (MediaTypes.isSchema1(header)) {
      throw new InvalidArgumentException(SCHEMA1_REFUSED);
    }
    if (MediaTypes.isIndex(header) || MediaTypes.isManifest(header)) {
      return header;
    }
    if (tree.path("manifests").isArray()) {
      return MediaTypes.OCI_INDEX;
    }
    if (tree.path("config").isObject() && tree.path("layers").isArray()) {
      return MediaTypes.OCI_MANIFEST;
    }
    throw new InvalidArgumentException(
        "manifest has no mediaType and neither a \"manifests\" array nor \"config\" and \"layers\"");
  }

  /** JSON with the spec's field names; absent and empty optional fields are left out. */
  public static byte[] write(Object record) {
    try {
      return MAPPER.writeValueAsBytes(record);
    } catch (JsonProcessingException e) {
      throw new InternalException("cannot write " + record.getClass().getSimpleName() + " as JSON", e);
    }
  }

  private static String known(String mediaType, String otherwise) {
    if (MediaTypes.isSchema1(mediaType)) {
      throw new InvalidArgumentException(SCHEMA1_REFUSED);
    }
    if (!MediaTypes.isIndex(mediaType) && !MediaTypes.isManifest(mediaType)) {
      throw new InvalidArgumentException(otherwise);
    }
    return MediaTypes.base(mediaType);
  }

  private static void refuseSchema1(JsonNode tree) {
    if (tree.path("schemaVersion").asInt(0) == 1 || MediaTypes.isSchema1(tree.path("mediaType").asText(""))) {
      throw new InvalidArgumentException(SCHEMA1_REFUSED);
    }
  }

  private static JsonNode tree(byte[] json, String what) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException("malformed " + what + " JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidArgumentException("malformed " + what + " JSON: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidArgumentException(what + " is not a JSON object");
    }
    return tree;
  }

  private static <T> T convert(JsonNode tree, Class<T> type, String what) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      throw new InvalidArgumentException("invalid " + what + " at " + path(e) + ": " + rootMessage(e), e);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException("invalid " + what + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Where in the document a mapping failed, as {@code layers[0].digest}. */
  private static String path(JsonMappingException e) {
    String joined = e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining());
    return joined.isEmpty() ? "top level" : joined.startsWith(".") ? joined.substring(1) : joined;
  }

  /** Our own validation messages are written for the user; Jackson's are kept as they are. */
  private static String rootMessage(JsonMappingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidArgumentException invalid) {
        return invalid.getMessage();
      }
    }
    return e.getOriginalMessage();
  }

  private static void require(boolean condition, String missing) {
    if (!condition) {
      throw new InvalidArgumentException(missing);
    }
  }
}

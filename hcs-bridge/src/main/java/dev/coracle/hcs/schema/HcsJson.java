package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coracle.core.error.InternalException;

/**
 * The one JSON mapper for HCS and HCN documents. Absent and empty fields are left out, because
 * older hosts and the Server 2022 guest agent reject fields they do not know (WINDOWS.md §2);
 * fields a newer host adds to what it returns are ignored when reading.
 */
public final class HcsJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // GuestConnection is written as {} (WINDOWS.md §2b).
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private HcsJson() {}

  /** The shared mapper, configured as above; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The document as compact JSON. */
  public static String write(Object document) {
    if (document == null) {
      throw new InternalException("cannot write a missing HCS document");
    }
    try {
      return MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new InternalException(
          "cannot write "
              + document.getClass().getSimpleName()
              + " as HCS JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** The document as a JSON tree, as it would be written. */
  public static JsonNode tree(Object document) {
    return MAPPER.valueToTree(document);
  }

  /** Reads a document HCS or HCN returned. */
  public static <T> T read(String json, Class<T> type) {
    if (json == null || json.isBlank()) {
      throw new InternalException(
          "cannot read " + type.getSimpleName() + " from an empty HCS document");
    }
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new InternalException(
          "cannot read " + type.getSimpleName() + " from HCS JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads any JSON as a tree. */
  public static JsonNode readTree(String json) {
    return read(json, JsonNode.class);
  }
}

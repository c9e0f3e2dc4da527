package dev.coracle.core.oci.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coracle.core.error.InternalException;
import java.io.IOException;

/**
 * The one JSON mapping of the OCI records. Null fields are left out; empty lists and maps are
 * kept, because they read back as empty (not null) and so the written record equals the one read.
 * Unknown fields are ignored on reading, so documents of newer spec versions still load.
 */
public final class SpecJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
      .build();

  private SpecJson() {}

  /** Pretty-printed, so a bundle's config.json can be read by a person debugging a container. */
  public static byte[] write(Object record) {
    try {
      return MAPPER.writeValueAsBytes(record);
    } catch (JsonProcessingException e) {
      throw new InternalException("cannot write " + record.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** Reads one of the records (or anything Jackson can map); malformed input is an IOException. */
  public static <T> T read(byte[] json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }
}

package dev.coracle.core.image.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.ref.Digest;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor: what a blob is, its digest and size, and for index entries its platform. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Descriptor(
    String mediaType,
    @JsonDeserialize(using = DigestJson.class) @JsonSerialize(using = ToStringSerializer.class) Digest digest,
    long size,
    List<String> urls,
    Map<String, String> annotations,
    PlatformSpec platform) {

  public Descriptor {
    if (digest == null) {
      throw new InvalidArgumentException("descriptor" + (mediaType == null ? "" : " of " + mediaType) + " has no digest");
    }
    if (size < 0) {
      throw new InvalidArgumentException("descriptor " + digest + " has a negative size " + size);
    }
    urls = Absent.orEmpty(urls);
    annotations = Absent.orEmpty(annotations);
  }
}

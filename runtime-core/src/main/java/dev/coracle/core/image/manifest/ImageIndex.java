package dev.coracle.core.image.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An OCI image index or a Docker manifest list: one manifest per platform. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageIndex(
    int schemaVersion,
    String mediaType,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Descriptor> manifests, // required, even when empty
    Map<String, String> annotations) {

  public ImageIndex {
    manifests = Absent.orEmpty(manifests);
    annotations = Absent.orEmpty(annotations);
  }
}

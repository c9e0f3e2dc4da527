package dev.coracle.core.image.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An OCI image manifest or a Docker v2 schema 2 manifest: one config and its layers, bottom first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageManifest(
    int schemaVersion,
    String mediaType,
    Descriptor config,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Descriptor> layers, // required, even when empty
    Map<String, String> annotations) {

  public ImageManifest {
    layers = Absent.orEmpty(layers);
    annotations = Absent.orEmpty(annotations);
  }
}

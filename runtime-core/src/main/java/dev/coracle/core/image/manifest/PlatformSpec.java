package dev.coracle.core.image.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coracle.core.image.ref.Platform;
import java.util.List;

/** The {@code platform} object of an index entry, with the spec's dotted field names. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlatformSpec(
    String architecture,
    String os,
    String variant,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("os.features") List<String> osFeatures) {

  public PlatformSpec {
    osFeatures = Absent.orEmpty(osFeatures);
  }

  /** @throws dev.coracle.core.error.InvalidArgumentException when OS or architecture is missing */
  public Platform toPlatform() {
    return new Platform(os, architecture, variant, osVersion);
  }
}

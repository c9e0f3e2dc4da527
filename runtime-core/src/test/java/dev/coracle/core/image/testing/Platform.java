package dev.coracle.core.image.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An image's platform as OCI writes it; {@link #toString()} is {@code os/arch[/variant]}. */
record Platform(String os, String architecture, String variant) {

  static final Platform AMD64 = new Platform("linux", "amd64", null);
  static final Platform ARM64 = new Platform("linux", "arm64", "v8");
  static final Platform S390X = new Platform("linux", "s390x", null);
  static final Platform UNKNOWN = new Platform("unknown", "unknown", null);

  /** Writes architecture, os and variant into a config or an index entry's platform. */
  void writeTo(ObjectNode node) {
    node.put("architecture", architecture);
    node.put("os", os);
    if (variant != null) {
      node.put("variant", variant);
    }
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}

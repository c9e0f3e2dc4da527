package dev.coracle.core.image.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An image's platform as OCI writes it; {@link #toString()} is {@code os/arch[/variant]}.
 * {@code osVersion} is null but for Windows images, whose build it names (WINDOWS.md §5).
 */
record Platform(String os, String architecture, String variant, String osVersion) {

  Platform(String os, String architecture, String variant) {
    this(os, architecture, variant, null);
  }

  static final Platform AMD64 = new Platform("linux", "amd64", null);
  static final Platform ARM64 = new Platform("linux", "arm64", "v8");
  static final Platform S390X = new Platform("linux", "s390x", null);
  static final Platform UNKNOWN = new Platform("unknown", "unknown", null);

  /** A Windows amd64 platform of build {@code osVersion}, e.g. {@code 10.0.20348.2340}. */
  static Platform windows(String osVersion) {
    return new Platform("windows", "amd64", null, osVersion);
  }

  /** Writes architecture, os, os.version and variant into a config or an index entry's platform. */
  void writeTo(ObjectNode node) {
    node.put("architecture", architecture);
    node.put("os", os);
    if (osVersion != null) {
      node.put("os.version", osVersion);
    }
    if (variant != null) {
      node.put("variant", variant);
    }
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}

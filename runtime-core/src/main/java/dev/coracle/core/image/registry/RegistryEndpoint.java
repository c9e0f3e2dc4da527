package dev.coracle.core.image.registry;

import java.net.URI;
import java.nio.file.Path;

/** One place a registry's content can be fetched from: a mirror or the registry itself. */
public record RegistryEndpoint(String registry, URI base, boolean mirror, Path caFile) {

  URI api(String path) {
    return URI.create(base + "/v2/" + path);
  }

  @Override
  public String toString() {
    return base.toString() + (mirror ? " (mirror of " + registry + ")" : "");
  }
}

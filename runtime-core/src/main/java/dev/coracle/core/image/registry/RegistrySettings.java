package dev.coracle.core.image.registry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to reach registries: per registry host (as written in image references, e.g.
 * {@code docker.io} or {@code 127.0.0.1:5000}) its mirrors, tried in order before the registry
 * itself, whether it speaks plain HTTP, and an extra CA to trust.
 */
public record RegistrySettings(Map<String, Host> hosts, Duration pullTimeout, int maxConcurrentDownloads) {

  /**
   * @param mirrors base URLs such as {@code http://127.0.0.1:5000} or {@code https://mirror.example}
   * @param insecure reach the registry itself over plain HTTP
   * @param caFile a PEM file of CA certificates to trust for this host and its mirrors, or null;
   *     a loopback registry with one is reached over HTTPS (unless {@code insecure})
   */
  public record Host(List<String> mirrors, boolean insecure, Path caFile) {
    public Host {
      mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
    }
  }

  public RegistrySettings {
    hosts = Map.copyOf(hosts);
  }

  public static RegistrySettings defaults() {
    return new RegistrySettings(Map.of(), Duration.ofMinutes(30), 3);
  }

  /** The endpoints to try for a registry, mirrors first, each with the base URI its API lives under. */
  public List<RegistryEndpoint> endpointsFor(String registry) {
    Host host = hosts.getOrDefault(registry, new Host(List.of(), false, null));
    List<RegistryEndpoint> endpoints = new ArrayList<>();
    for (String mirror : host.mirrors()) {
      URI uri = URI.create(mirror.endsWith("/") ? mirror.substring(0, mirror.length() - 1) : mirror);
      endpoints.add(new RegistryEndpoint(registry, uri, true, host.caFile()));
    }
    String scheme = host.insecure() || isLoopback(registry) && host.caFile() == null ? "http" : "https";
    String authority = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
    endpoints.add(new RegistryEndpoint(registry, URI.create(scheme + "://" + authority), false, host.caFile()));
    return endpoints;
  }

  /**
   * A registry on this machine's loopback is reached over plain HTTP, as other runtimes do:
   * its traffic never leaves the host, and local test registries rarely have certificates.
   * A loopback registry configured with a {@code caFile} is the exception: a CA is only ever
   * configured for a registry that serves TLS, so it is reached over HTTPS.
   */
  static boolean isLoopback(String registry) {
    String hostOnly = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
        : registry.contains(":") ? registry.substring(0, registry.indexOf(':')) : registry;
    return hostOnly.equals("localhost") || hostOnly.startsWith("127.") || hostOnly.equals("[::1]");
  }
}

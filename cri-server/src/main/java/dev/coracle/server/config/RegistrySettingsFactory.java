package dev.coracle.server.config;

import dev.coracle.core.image.registry.RegistrySettings;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The image section and registry tables of the configuration, as the image pipeline takes them. */
public final class RegistrySettingsFactory {

  private RegistrySettingsFactory() {}

  public static RegistrySettings of(CoracleConfig config) {
    Map<String, RegistrySettings.Host> hosts = config.registries().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey,
            e -> new RegistrySettings.Host(e.getValue().mirrors(), e.getValue().insecure(), e.getValue().caFile())));
    return new RegistrySettings(hosts, Duration.ofSeconds(config.image().pullTimeoutSeconds()),
        config.image().maxConcurrentDownloads());
  }
}

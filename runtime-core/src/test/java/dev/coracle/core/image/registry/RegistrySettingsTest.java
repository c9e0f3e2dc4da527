package dev.coracle.core.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {

  @Test
  void endpointsFor_unconfiguredHost_isHttpsItself() {
    List<RegistryEndpoint> endpoints = RegistrySettings.defaults().endpointsFor("quay.io");
    assertEquals(1, endpoints.size());
    assertEquals("https://quay.io", endpoints.get(0).base().toString());
  }

  @Test
  void endpointsFor_dockerHub_usesItsApiHost() {
    assertEquals("https://registry-1.docker.io",
        RegistrySettings.defaults().endpointsFor("docker.io").get(0).base().toString());
  }

  @Test
  void endpointsFor_mirrorsFirstInOrder_thenTheRegistry() {
    RegistrySettings settings = new RegistrySettings(Map.of("docker.io",
        new RegistrySettings.Host(List.of("http://127.0.0.1:5000/", "https://m2.example"), false, Path.of("/ca.pem"))),
        Duration.ofMinutes(1), 3);
    List<RegistryEndpoint> endpoints = settings.endpointsFor("docker.io");
    assertEquals(List.of("http://127.0.0.1:5000", "https://m2.example", "https://registry-1.docker.io"),
        endpoints.stream().map(e -> e.base().toString()).toList());
    assertEquals(List.of(true, true, false), endpoints.stream().map(RegistryEndpoint::mirror).toList());
    assertEquals(Path.of("/ca.pem"), endpoints.get(0).caFile());
  }

  @Test
  void endpointsFor_loopbackRegistries_arePlainHttp() {
    for (String host : List.of("localhost:5000", "127.0.0.1:5000", "127.0.0.53", "[::1]:5000", "localhost")) {
      assertEquals("http", RegistrySettings.defaults().endpointsFor(host).get(0).base().getScheme(), host);
    }
    assertEquals("https", RegistrySettings.defaults().endpointsFor("localhost.example.com:5000").get(0).base().getScheme());
  }

  @Test
  void endpointsFor_loopbackRegistryWithCaFile_isHttps() {
    RegistrySettings settings = new RegistrySettings(Map.of(
        "127.0.0.1:5000", new RegistrySettings.Host(List.of(), false, Path.of("/ca.pem")),
        "localhost:5001", new RegistrySettings.Host(List.of(), true, Path.of("/ca.pem")),
        "localhost:5002", new RegistrySettings.Host(List.of("http://127.0.0.1:6000"), false, null)),
        Duration.ofMinutes(1), 3);
    assertEquals("https://127.0.0.1:5000", settings.endpointsFor("127.0.0.1:5000").get(0).base().toString());
    assertEquals("http://localhost:5001", settings.endpointsFor("localhost:5001").get(0).base().toString(),
        "insecure wins over the CA");
    assertEquals("http://localhost:5002", settings.endpointsFor("localhost:5002").get(1).base().toString(),
        "mirrors alone do not change the scheme");
  }

  @Test
  void endpointsFor_insecureHost_isPlainHttp() {
    RegistrySettings settings = new RegistrySettings(Map.of("127.0.0.1:5000",
        new RegistrySettings.Host(List.of(), true, null)), Duration.ofMinutes(1), 3);
    assertEquals("http://127.0.0.1:5000/v2/a/manifests/1",
        settings.endpointsFor("127.0.0.1:5000").get(0).api("a/manifests/1").toString());
  }
}

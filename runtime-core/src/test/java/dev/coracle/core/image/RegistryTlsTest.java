package dev.coracle.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.ref.Platform;
import dev.coracle.core.image.registry.Credentials;
import dev.coracle.core.image.registry.RegistrySettings;
import dev.coracle.core.image.testing.TestCertificates;
import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pulls over HTTPS from a real docker-registry whose certificate a private CA signed. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RegistryTlsTest {

  private static TestRegistry registry;
  private static PushedImage image;

  @TempDir
  Path root;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.startTls(TestRegistry.Auth.NONE);
    image = new TestImages(registry).busybox("tls/busybox", "1");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void pull_withTheRegistrysCaFile_succeedsOverHttps() {
    try (ImageManager manager = manager(registry.caFile())) {
      assertEquals(image.configDigest(), manager.pull(image.reference(), Credentials.ANONYMOUS).id());
    }
  }

  @Test
  void pull_withACaThatDidNotSignTheCertificate_isUnavailableSayingItIsNotTrusted(@TempDir Path certs) {
    Path otherCa = TestCertificates.generate(certs, "other").caFile();
    try (ImageManager manager = manager(otherCa)) {
      UnavailableException e = assertThrows(UnavailableException.class,
          () -> manager.pull(image.reference(), Credentials.ANONYMOUS));
      assertTrue(e.getMessage().contains("TLS handshake failed: the registry's certificate is not trusted"),
          e.getMessage());
      assertTrue(e.getMessage().contains(otherCa.toString()), "names the CA file it tried: " + e.getMessage());
      assertTrue(manager.list().isEmpty());
    }
  }

  @Test
  void pull_caFileForAPlainHttpRegistry_isUnavailableSuggestingInsecure() {
    try (TestRegistry plain = TestRegistry.start(TestRegistry.Auth.NONE);
        ImageManager manager = manager(plain.host(), registry.caFile())) {
      UnavailableException e = assertThrows(UnavailableException.class,
          () -> manager.pull(plain.host() + "/tls/busybox:1", Credentials.ANONYMOUS));
      assertTrue(e.getMessage().contains("TLS failed") && e.getMessage().contains("insecure"), e.getMessage());
    }
  }

  @Test
  void pull_caFileNotPem_isInvalidArgumentNamingTheFile() throws IOException {
    Path notPem = Files.writeString(root.resolve("ca.txt"), "this is not a certificate\n");
    try (ImageManager manager = manager(notPem)) {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
          () -> manager.pull(image.reference(), Credentials.ANONYMOUS));
      assertTrue(e.getMessage().contains(notPem.toString()), e.getMessage());
    }
  }

  @Test
  void pull_emptyCaFile_isInvalidArgumentNamingTheFile() throws IOException {
    Path empty = Files.createFile(root.resolve("empty.pem"));
    try (ImageManager manager = manager(empty)) {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
          () -> manager.pull(image.reference(), Credentials.ANONYMOUS));
      assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("no certificates"),
          e.getMessage());
    }
  }

  @Test
  void pull_missingCaFile_isInvalidArgumentNamingTheFile() {
    Path missing = root.resolve("nowhere.pem");
    try (ImageManager manager = manager(missing)) {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
          () -> manager.pull(image.reference(), Credentials.ANONYMOUS));
      assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
  }

  /** A manager that trusts {@code caFile} for the registry: which, on loopback, also means HTTPS. */
  private ImageManager manager(Path caFile) {
    return manager(registry.host(), caFile);
  }

  private ImageManager manager(String host, Path caFile) {
    RegistrySettings settings = new RegistrySettings(
        Map.of(host, new RegistrySettings.Host(List.of(), false, caFile)), Duration.ofMinutes(1), 3);
    return new ImageManager(root.resolve("images"), settings, LinuxSyscalls.get(), Platform.parse("linux/amd64"),
        PullObserver.NONE);
  }
}

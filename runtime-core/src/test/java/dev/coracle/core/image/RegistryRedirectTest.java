package dev.coracle.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.ref.Platform;
import dev.coracle.core.image.registry.Credentials;
import dev.coracle.core.image.registry.RegistrySettings;
import dev.coracle.core.image.testing.RegistryFront;
import dev.coracle.core.image.testing.RegistryFront.Seen;
import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.core.sys.LinuxSyscalls;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blob downloads redirected, as registries backed by object storage do: a {@link RegistryFront}
 * answers blob GETs with 307 and forwards the rest to a registry that wants basic credentials.
 * The redirect target is another host (a second registry holding the same blobs, behind a front
 * that records what it is sent), a path on the same host, or the same URL again.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RegistryRedirectTest {

  private static final String REPO = "private/busybox";

  private static TestRegistry secured;
  private static TestRegistry storage;
  private static PushedImage image;

  @TempDir
  Path root;

  private ImageManager manager;
  private Credentials credentials;

  @BeforeAll
  static void startRegistries() {
    secured = TestRegistry.start(TestRegistry.Auth.BASIC);
    storage = TestRegistry.start(TestRegistry.Auth.NONE);
    image = new TestImages(secured).busybox(REPO, "1");
    // Test images are reproducible: the storage registry holds the very same blobs.
    PushedImage copy = new TestImages(storage).busybox(REPO, "1");
    assertEquals(image.manifestDigest(), copy.manifestDigest());
  }

  @AfterAll
  static void stopRegistries() {
    secured.close();
    storage.close();
  }

  @BeforeEach
  void open() {
    manager = new ImageManager(root, RegistrySettings.defaults(), LinuxSyscalls.get(), Platform.parse("linux/amd64"),
        PullObserver.NONE);
    credentials = Credentials.of(secured.username(), secured.password(), "", "", "");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void pull_blobsRedirectedToAnotherHost_succeedsWithoutSendingCredentialsThere() {
    try (RegistryFront blobStore = RegistryFront.to(storage.host());
        RegistryFront front = RegistryFront.to(secured.host())
            .redirectBlobs(path -> "http://" + blobStore.host() + path)) {
      assertEquals(image.configDigest(), manager.pull(front.host() + "/" + REPO + ":1", credentials).id());

      assertEquals(blobPaths(), blobStore.seen().stream().map(Seen::path).collect(Collectors.toSet()),
          "every blob came from the other host");
      for (Seen request : blobStore.seen()) {
        assertEquals(null, request.authorization(), "credentials sent to another host: " + request);
      }
      List<Seen> redirected = front.seen().stream().filter(s -> s.path().contains("/blobs/")).toList();
      assertFalse(redirected.isEmpty());
      for (Seen request : redirected) {
        assertTrue(request.authorization() != null && request.authorization().startsWith("Basic "),
            "the registry itself gets the credentials: " + request);
      }
    }
  }

  @Test
  void pull_relativeRedirect_isResolvedAgainstTheRegistry() {
    try (RegistryFront front = RegistryFront.to(secured.host())
        .redirectBlobs(path -> "/storage" + path)
        .serveUnder("/storage")) {
      assertEquals(image.configDigest(), manager.pull(front.host() + "/" + REPO + ":1", credentials).id());

      Set<String> fromStorage = front.seen().stream().map(Seen::path).filter(p -> p.startsWith("/storage/"))
          .map(p -> p.substring("/storage".length())).collect(Collectors.toSet());
      assertEquals(blobPaths(), fromStorage);
    }
  }

  @Test
  void pull_redirectLoop_isUnavailableTooManyRedirects() {
    try (RegistryFront front = RegistryFront.to(storage.host()).redirectBlobs(path -> path)) {
      String looping = front.host() + "/" + REPO + ":1";

      UnavailableException e = assertThrows(UnavailableException.class,
          () -> manager.pull(looping, Credentials.ANONYMOUS));

      assertTrue(e.getMessage().contains("too many redirects"), e.getMessage());
      assertTrue(manager.find(looping).isEmpty());
    }
  }

  @Test
  void pull_redirectToAnUnusableLocation_isUnavailableNamingIt() {
    for (String location : List.of("ftp://127.0.0.1/blob", "http://bad host/blob")) {
      try (RegistryFront front = RegistryFront.to(storage.host()).redirectBlobs(path -> location)) {
        UnavailableException e = assertThrows(UnavailableException.class,
            () -> manager.pull(front.host() + "/" + REPO + ":1", Credentials.ANONYMOUS), location);
        assertTrue(e.getMessage().contains(location), e.getMessage());
      }
    }
  }

  private static Set<String> blobPaths() {
    Set<String> paths = new HashSet<>();
    paths.add("/v2/" + REPO + "/blobs/" + image.configDigest());
    for (Digest layer : image.layerDigests()) {
      paths.add("/v2/" + REPO + "/blobs/" + layer);
    }
    return paths;
  }
}

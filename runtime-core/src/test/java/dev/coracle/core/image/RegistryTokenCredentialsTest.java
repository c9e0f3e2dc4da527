package dev.coracle.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.PermissionDeniedException;
import dev.coracle.core.image.ref.Platform;
import dev.coracle.core.image.registry.Credentials;
import dev.coracle.core.image.registry.RegistrySettings;
import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.core.sys.LinuxSyscalls;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two token forms kubelet passes in {@code AuthConfig}, against a registry that wants bearer
 * tokens: an identity token (traded at the token service with an OAuth2 refresh-token grant)
 * and a registry token (sent to the registry as it is).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RegistryTokenCredentialsTest {

  private static final String REPO = "private/busybox";

  private static TestRegistry registry;
  private static PushedImage image;

  @TempDir
  Path root;

  private ImageManager manager;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.start(TestRegistry.Auth.TOKEN);
    image = new TestImages(registry).busybox(REPO, "1");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void open() {
    manager = new ImageManager(root, RegistrySettings.defaults(), LinuxSyscalls.get(), Platform.parse("linux/amd64"),
        PullObserver.NONE);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void pull_identityToken_isTradedWithARefreshGrant() {
    int grants = registry.refreshGrants();

    assertEquals(image.configDigest(),
        manager.pull(image.reference(), Credentials.of("", "", "", registry.identityToken(), "")).id());

    assertEquals(grants + 1, registry.refreshGrants(), "one grant serves the whole pull");
  }

  @Test
  void pull_wrongIdentityToken_isPermissionDenied_withoutTheTokenInTheMessage() {
    String wrong = "not-the-identity-token";

    PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
        () -> manager.pull(image.reference(), Credentials.of("", "", "", wrong, "")));

    assertFalse(e.getMessage().contains(wrong), e.getMessage());
    assertTrue(e.getMessage().contains("refused an identity token"), e.getMessage());
    assertFalse(manager.find(image.reference()).isPresent());
  }

  @Test
  void pull_registryToken_isSentAsItIs_withoutAskingTheTokenService() {
    String token = registry.mintToken(REPO);
    int requests = registry.tokenRequests();

    assertEquals(image.configDigest(), manager.pull(image.reference(), Credentials.of("", "", "", "", token)).id());

    assertEquals(requests, registry.tokenRequests());
  }

  @Test
  void pull_registryTokenForAnotherRepository_isPermissionDenied() {
    String token = registry.mintToken("someone/else");

    assertThrows(PermissionDeniedException.class,
        () -> manager.pull(image.reference(), Credentials.of("", "", "", "", token)));
  }
}

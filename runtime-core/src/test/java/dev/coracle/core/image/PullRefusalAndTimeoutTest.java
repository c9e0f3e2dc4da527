package dev.coracle.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.PermissionDeniedException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.ref.Platform;
import dev.coracle.core.image.registry.Credentials;
import dev.coracle.core.image.registry.RegistrySettings;
import dev.coracle.core.image.store.ImageRecord;
import dev.coracle.core.image.testing.RegistryFront;
import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.core.sys.LinuxSyscalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A registry that forbids a repository, and one that answers slower than the pull timeout allows. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PullRefusalAndTimeoutTest {

  private static TestRegistry registry;
  private static PushedImage busybox;

  @TempDir
  Path root;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.start(TestRegistry.Auth.NONE);
    TestImages images = new TestImages(registry);
    busybox = images.busybox("library/busybox", "1");
    images.busybox("denied/busybox", "1");
    images.busybox("slow/busybox", "1");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void pull_forbiddenRepository_isPermissionDeniedNamingTheImage_andOthersStillPull() {
    try (RegistryFront front = RegistryFront.to(registry.host()).refuse("denied/busybox", 403);
        ImageManager manager = manager(Duration.ofMinutes(1))) {
      PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
          () -> manager.pull(front.host() + "/denied/busybox:1", Credentials.ANONYMOUS));

      assertTrue(e.getMessage().contains(front.host() + "/denied/busybox:1"), e.getMessage());
      assertTrue(e.getMessage().contains("403"), e.getMessage());
      assertEquals(busybox.configDigest(),
          manager.pull(front.host() + "/library/busybox:1", Credentials.ANONYMOUS).id());
    }
  }

  @Test
  void pull_slowerThanThePullTimeout_isUnavailableNamingTheSetting_andFinishesInTheBackground() throws Exception {
    try (RegistryFront front = RegistryFront.to(registry.host()).delayManifests("slow/busybox", Duration.ofSeconds(2));
        ImageManager manager = manager(Duration.ofMillis(50))) {
      String slow = front.host() + "/slow/busybox:1";
      long start = System.nanoTime();

      UnavailableException e = assertThrows(UnavailableException.class,
          () -> manager.pull(slow, Credentials.ANONYMOUS));

      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(waited < 1500, "answered after the pull timeout, not the registry's delay: " + waited + " ms");
      assertTrue(e.getMessage().contains("pull_timeout_seconds"), e.getMessage());
      assertEquals(busybox.configDigest(), awaitImage(manager, slow, Duration.ofSeconds(30)).id(),
          "the pull went on in the background");
    }
  }

  @Test
  void pull_afterATimedOutPull_otherPullsStillSucceed() {
    // Long enough for a busybox pull on a loaded two-core machine; far shorter than the delay.
    try (RegistryFront front = RegistryFront.to(registry.host()).delayManifests("slow/busybox", Duration.ofSeconds(60));
        ImageManager manager = manager(Duration.ofSeconds(3))) {
      assertThrows(UnavailableException.class, () -> manager.pull(front.host() + "/slow/busybox:1",
          Credentials.ANONYMOUS));

      assertEquals(busybox.configDigest(),
          manager.pull(front.host() + "/library/busybox:1", Credentials.ANONYMOUS).id());
    }
  }

  private ImageManager manager(Duration pullTimeout) {
    return new ImageManager(root, new RegistrySettings(Map.of(), pullTimeout, 3), LinuxSyscalls.get(),
        Platform.parse("linux/amd64"), PullObserver.NONE);
  }

  private static ImageRecord awaitImage(ImageManager manager, String name, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ImageRecord> image = manager.find(name);
      if (image.isPresent()) {
        return image.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError(name + " did not appear within " + limit);
  }
}

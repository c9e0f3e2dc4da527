package dev.coracle.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.error.PermissionDeniedException;
import dev.coracle.core.error.ResourceExhaustedException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.ref.Platform;
import dev.coracle.core.image.registry.Credentials;
import dev.coracle.core.image.registry.RegistrySettings;
import dev.coracle.core.image.store.ImageRecord;
import dev.coracle.core.image.testing.FaultyProxy;
import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.core.sys.LinuxSyscalls;
import dev.coracle.core.sys.TmpfsMount;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from a real docker-registry on 127.0.0.1 holding images built from busybox-static. */
class ImageManagerTest {

  private static TestRegistry registry;
  private static TestImages images;
  private static PushedImage busybox;

  @TempDir
  Path root;

  private ImageManager manager;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.start(TestRegistry.Auth.NONE);
    images = new TestImages(registry);
    busybox = images.busybox("library/busybox", "1.36");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void open() {
    manager = open(RegistrySettings.defaults());
  }

  private ImageManager open(RegistrySettings settings) {
    return new ImageManager(root, settings, LinuxSyscalls.get(), Platform.parse("linux/amd64"), PullObserver.NONE);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private ImageRecord pull(String name) {
    return manager.pull(name, Credentials.ANONYMOUS);
  }

  private static boolean exists(Path path) {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void pull_byTag_recordsTheImageUnderItsNamesAndUnpacksItsLayers() {
    ImageRecord image = pull(busybox.reference());
    assertEquals(busybox.configDigest(), image.id());
    assertEquals(List.of(registry.host() + "/library/busybox:1.36"), image.repoTags());
    assertEquals(List.of(registry.host() + "/library/busybox@" + busybox.manifestDigest()), image.repoDigests());
    Path layer = manager.layerDirs(image).get(0);
    assertTrue(Files.isRegularFile(layer.resolve("bin/busybox")));
    assertTrue(Files.isSymbolicLink(layer.resolve("bin/sh")));
    assertEquals(List.of("sh"), manager.config(image).config().cmd());
    assertEquals(image, manager.find(busybox.reference()).orElseThrow());
    assertEquals(image, manager.find(image.id().toString()).orElseThrow());
    assertEquals(image, manager.find(image.id().hex()).orElseThrow());
  }

  @Test
  void pull_byDigest_findsTheSameImage() {
    String byDigest = registry.host() + "/library/busybox@" + busybox.manifestDigest();
    ImageRecord image = pull(byDigest);
    assertEquals(busybox.configDigest(), image.id());
    assertEquals(image.id(), manager.find(byDigest).orElseThrow().id());
    assertTrue(image.repoTags().isEmpty(), image.repoTags().toString());
  }

  @Test
  void pull_multiArchIndex_choosesThisNodesPlatform() {
    PushedImage index = images.multiArch("multi", "v1");
    ImageRecord image = pull(index.reference());
    assertEquals(busybox.configDigest(), image.id(), "the linux/amd64 entry is the busybox image");
    assertEquals(List.of(registry.host() + "/multi@" + index.manifestDigest()), image.repoDigests());
    assertFalse(exists(manager.layerDirs(image).get(0).resolve("arch")));
  }

  @Test
  void pull_otherPlatform_getsItsOwnEntry() {
    PushedImage index = images.multiArch("multi-arm", "v1");
    try (ImageManager arm = new ImageManager(root.resolve("arm"), RegistrySettings.defaults(), LinuxSyscalls.get(),
        Platform.parse("linux/arm64"), PullObserver.NONE)) {
      ImageRecord image = arm.pull(index.reference(), Credentials.ANONYMOUS);
      assertTrue(exists(arm.layerDirs(image).get(0).resolve("arch")));
    }
  }

  @Test
  void pull_dockerMediaTypes_work() {
    PushedImage docker = images.dockerSchema2("docker-types", "v2");
    assertEquals(docker.configDigest(), pull(docker.reference()).id());
  }

  @Test
  void pull_zstdLayers_work() {
    PushedImage zstd = images.zstd("zstd", "1");
    ImageRecord image = pull(zstd.reference());
    assertTrue(Files.isRegularFile(manager.layerDirs(image).get(0).resolve("bin/busybox")));
  }

  @Test
  void pull_layeredImage_unpacksEachLayerWithItsWhiteouts() throws Exception {
    PushedImage layered = images.layered("layered", "1");
    ImageRecord image = pull(layered.reference());
    List<Path> dirs = manager.layerDirs(image);
    assertEquals(layered.layerDigests().size(), dirs.size());
    Path top = dirs.get(dirs.size() - 1);
    // The whiteout of /data/gone is an overlay whiteout: a 0/0 character device.
    assertEquals(0L, Files.getAttribute(top.resolve("data/gone"), "unix:rdev", LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.getAttribute(top.resolve("data/gone"), "unix:mode", LinkOption.NOFOLLOW_LINKS) instanceof Integer m
        && (m & 0170000) == 0020000, "a character device");
    assertTrue(Files.isSameFile(top.resolve("data/hard"), dirs.stream()
        .map(d -> d.resolve("data/hard")).filter(Files::exists).findFirst().orElseThrow()));
  }

  @Test
  void pull_escapingLayer_isRefusedAndLeavesNothing() {
    for (TestImages.Escape kind : TestImages.Escape.values()) {
      if (kind == TestImages.Escape.ABSOLUTE) {
        continue; // an absolute name means the layer's own root: see pull_absoluteNames_landInsideTheLayer
      }
      PushedImage evil = images.escaping("evil-" + kind.name().toLowerCase().replace('_', '-'), "1", kind);
      assertThrows(InvalidArgumentException.class, () -> pull(evil.reference()), kind.name());
      assertTrue(manager.find(evil.reference()).isEmpty(), kind.name());
    }
    assertFalse(exists(root.getParent().resolve("escaped-by-coracle-test")));
    assertFalse(exists(Path.of("/escaped-by-coracle-test")));
    assertTrue(manager.list().isEmpty());
  }

  @Test
  void pull_absoluteNames_landInsideTheLayer() {
    PushedImage absolute = images.escaping("absolute", "1", TestImages.Escape.ABSOLUTE);
    ImageRecord image = pull(absolute.reference());
    assertTrue(exists(manager.layerDirs(image).get(0).resolve("tmp/" + TestImages.Escape.VICTIM)));
    assertFalse(exists(Path.of("/tmp", TestImages.Escape.VICTIM)));
  }

  @Test
  void pull_missingImage_isNotFoundNamingIt() {
    NotFoundException e = assertThrows(NotFoundException.class, () -> pull(registry.host() + "/library/busybox:nope"));
    assertTrue(e.getMessage().contains("busybox") && e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void pull_invalidReference_isInvalidArgument() {
    assertThrows(InvalidArgumentException.class, () -> pull("Busybox:UPPER"));
  }

  @Test
  void pull_unreachableRegistry_isUnavailable() {
    assertThrows(UnavailableException.class, () -> pull("127.0.0.1:1/library/busybox:1"));
  }

  @Test
  void pull_identicalConcurrentPulls_shareOneResult() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<ImageRecord>> pulls = java.util.stream.IntStream.range(0, 4)
          .mapToObj(i -> CompletableFuture.supplyAsync(() -> pull(busybox.reference()), pool)).toList();
      for (CompletableFuture<ImageRecord> p : pulls) {
        assertEquals(busybox.configDigest(), p.get().id());
      }
      assertEquals(1, manager.list().size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void remove_oneOfTwoTags_onlyUntags() {
    PushedImage second = images.busybox("library/busybox", "stable");
    pull(busybox.reference());
    pull(second.reference());
    assertEquals(1, manager.list().size());
    manager.remove(second.reference());
    ImageRecord image = manager.find(busybox.reference()).orElseThrow();
    assertEquals(List.of(registry.host() + "/library/busybox:1.36"), image.repoTags());
  }

  @Test
  void remove_byIdTagOrDigest_freesLayersAndBlobs_andRepullWorks() {
    for (String name : List.of(busybox.reference(), busybox.configDigest().toString(),
        registry.host() + "/library/busybox@" + busybox.manifestDigest())) {
      ImageRecord image = pull(busybox.reference());
      Path layer = manager.layerDirs(image).get(0);
      manager.remove(name);
      assertTrue(manager.find(busybox.reference()).isEmpty(), name);
      assertFalse(exists(layer), "layer freed after removing " + name);
      assertEquals(0, manager.usage().bytes(), "nothing left after removing " + name);
    }
  }

  @Test
  void remove_missingImage_succeeds() {
    manager.remove(registry.host() + "/never/pulled:1");
    manager.remove("sha256:" + "0".repeat(64));
  }

  @Test
  void imagesSurviveReopening() {
    ImageRecord image = pull(busybox.reference());
    manager.close();
    manager = open(RegistrySettings.defaults());
    assertEquals(image, manager.find(busybox.reference()).orElseThrow());
    assertTrue(Files.isRegularFile(manager.layerDirs(image).get(0).resolve("bin/busybox")));
  }

  @Test
  void usage_countsBlobsAndUnpackedLayers() {
    assertEquals(0, manager.usage().bytes());
    pull(busybox.reference());
    ImageManager.Usage usage = manager.usage();
    assertTrue(usage.bytes() > 2 * busybox.compressedSize(), usage.toString());
    assertTrue(usage.inodes() > 50, usage.toString());
    assertEquals(root, usage.mountpoint());
  }

  @Test
  void mirror_isTriedBeforeTheRegistry_andADeadMirrorFallsThrough() {
    // The "registry" name is a dead loopback port; only the mirror has the image.
    String name = "127.0.0.1:9/library/busybox:1.36";
    manager.close();
    manager = open(new RegistrySettings(Map.of("127.0.0.1:9", new RegistrySettings.Host(
        List.of("http://127.0.0.1:1", "http://" + registry.host()), false, null)), Duration.ofMinutes(2), 3));
    assertEquals(busybox.configDigest(), pull(name).id());
  }

  @Test
  void connectionCutMidBlob_isRetriedAndThePullCompletes() {
    PushedImage big = images.large("big", "1", 24 << 20, 64);
    try (FaultyProxy proxy = FaultyProxy.to(registry.host())) {
      proxy.cutAfterBytes(3 << 20);
      ImageRecord image = pull(proxy.host() + "/big:1");
      assertEquals(big.configDigest(), image.id());
      assertEquals(1, proxy.cuts());
    }
  }

  @Test
  void registryStopped_leavesNoHalfImage_andARetryCompletes() {
    images.busybox("stopped", "1");
    try (FaultyProxy proxy = FaultyProxy.to(registry.host())) {
      String viaProxy = proxy.host() + "/stopped:1";
      registry.stop();
      try {
        assertThrows(UnavailableException.class, () -> pull(viaProxy));
        assertTrue(manager.find(viaProxy).isEmpty(), "no half image visible");
        assertTrue(manager.list().isEmpty());
      } finally {
        registry.restart();
      }
      assertEquals(busybox.configDigest(), pull(viaProxy).id());
    }
  }

  @Test
  void corruptedBlob_isRefusedAndNotKept() {
    try (FaultyProxy proxy = FaultyProxy.to(registry.host())) {
      proxy.corruptByteAt(1000);
      String viaProxy = proxy.host() + "/library/busybox:1.36";
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> pull(viaProxy));
      assertTrue(e.getMessage().contains("verification") || e.getMessage().contains("digest"), e.getMessage());
      assertTrue(manager.list().isEmpty());
      proxy.reset();
      assertEquals(busybox.configDigest(), pull(viaProxy).id());
    }
  }

  @Test
  void diskFullDuringUnpack_isResourceExhausted_andKeepsNothingHalfMade() throws Exception {
    Path small = root.resolve("small");
    Files.createDirectories(small);
    // Room for the ~1 MB compressed blob, not for the ~2 MB busybox it unpacks to.
    try (TmpfsMount tmpfs = TmpfsMount.mount(small, "size=2m")) {
      try (ImageManager full = new ImageManager(small, RegistrySettings.defaults(), LinuxSyscalls.get(),
          Platform.parse("linux/amd64"), PullObserver.NONE)) {
        ResourceExhaustedException e = assertThrows(ResourceExhaustedException.class,
            () -> full.pull(busybox.reference(), Credentials.ANONYMOUS));
        assertTrue(e.getMessage().contains("no space left"), e.getMessage());
        assertTrue(full.list().isEmpty());
        try (var leftovers = Files.list(small.resolve("layers"))) {
          assertEquals(List.of(), leftovers.toList(), "no half-unpacked layer kept");
        }
      }
    }
  }

  @Test
  void basicAuth_needsTheRightCredentials() {
    try (TestRegistry secured = TestRegistry.start(TestRegistry.Auth.BASIC)) {
      PushedImage image = new TestImages(secured).busybox("private/busybox", "1");
      assertThrows(PermissionDeniedException.class, () -> pull(image.reference()));
      assertThrows(PermissionDeniedException.class, () -> manager.pull(image.reference(),
          Credentials.of(secured.username(), "wrong", "", "", "")));
      assertEquals(image.configDigest(), manager.pull(image.reference(),
          Credentials.of(secured.username(), secured.password(), "", "", "")).id());
    }
  }

  @Test
  void tokenAuth_fetchesABearerTokenWithTheCredentials() {
    try (TestRegistry secured = TestRegistry.start(TestRegistry.Auth.TOKEN)) {
      PushedImage image = new TestImages(secured).busybox("private/busybox", "1");
      int before = secured.tokensIssued();
      assertThrows(PermissionDeniedException.class, () -> pull(image.reference()));
      String auth = java.util.Base64.getEncoder().encodeToString(
          (secured.username() + ":" + secured.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(image.configDigest(), manager.pull(image.reference(), Credentials.of("", "", auth, "", "")).id());
      assertTrue(secured.tokensIssued() > before);
    }
  }
}

package dev.coracle.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.image.manifest.Descriptor;
import dev.coracle.core.image.manifest.PlatformPolicy;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.ref.Platform;
import dev.coracle.core.image.registry.Credentials;
import dev.coracle.core.image.registry.RegistrySettings;
import dev.coracle.core.image.store.ImageRecord;
import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.core.image.unpack.LayerImporter;
import dev.coracle.core.image.unpack.LayerUnpacker;
import dev.coracle.core.image.unpack.UnpackResult;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seams another backend (Windows) plugs into, against a real docker-registry on
 * 127.0.0.1: its own layer importer, and its own say in the index entry by runtime handler.
 */
class ImageManagerBackendTest {

  private static TestRegistry registry;
  private static TestImages images;

  @TempDir
  Path root;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.start(TestRegistry.Auth.NONE);
    images = new TestImages(registry);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  /** The Linux unpacker, but wanting its parents: records them and checks they are whole when asked. */
  private static final class OrderedImporter implements LayerImporter {
    private final LayerUnpacker unpacker = new LayerUnpacker(LinuxSyscalls.get());
    final List<List<Path>> parents = Collections.synchronizedList(new ArrayList<>());
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    @Override
    public UnpackResult unpack(InputStream blob, Compression compression, Path target, Digest diffId, List<Path> parents) {
      for (Path parent : parents) {
        if (!Files.isRegularFile(parent.resolveSibling("layer.json"))) {
          problems.add(parent + " was not yet unpacked when " + target + " was");
        }
      }
      this.parents.add(parents);
      return unpacker.unpack(blob, compression, target);
    }

    @Override
    public boolean needsParents() {
      return true;
    }
  }

  @Test
  void pull_importerThatNeedsParents_unpacksBottomFirstWithTheLayersBelow() {
    PushedImage many = images.large("ordered", "1", 40_000, 4);
    OrderedImporter importer = new OrderedImporter();
    try (ImageManager manager = new ImageManager(root, RegistrySettings.defaults(), Platform.parse("linux/amd64"),
        PullObserver.NONE, importer, PlatformPolicy.ANY)) {
      ImageRecord image = manager.pull(many.reference(), Credentials.ANONYMOUS);

      List<Path> dirs = manager.layerDirs(image);
      assertTrue(dirs.size() >= 3, "a test image of several layers, got " + dirs.size());
      List<List<Path>> expected = new ArrayList<>();
      for (int i = 0; i < dirs.size(); i++) {
        List<Path> below = new ArrayList<>(dirs.subList(0, i));
        Collections.reverse(below);
        expected.add(below);
      }
      assertEquals(List.of(), importer.problems);
      assertEquals(expected, importer.parents);
    }
  }

  @Test
  void pull_policyDecidesByRuntimeHandler_andItsRefusalIsNotFound() {
    PushedImage index = images.multiArch("handler", "v1");
    PlatformPolicy onlyForSpecial = new PlatformPolicy() {
      @Override
      public boolean accepts(Descriptor entry, String runtimeHandler) {
        return runtimeHandler.equals("special");
      }

      @Override
      public String describe(String runtimeHandler) {
        return "for the handler \"" + runtimeHandler + "\"";
      }
    };
    try (ImageManager manager = new ImageManager(root, RegistrySettings.defaults(), Platform.parse("linux/amd64"),
        PullObserver.NONE, new LayerUnpacker(LinuxSyscalls.get()), onlyForSpecial)) {
      NotFoundException e = assertThrows(NotFoundException.class,
          () -> manager.pull(index.reference(), Credentials.ANONYMOUS));
      assertTrue(e.getMessage().startsWith("no image for platform linux/amd64 for the handler \"\" in ["), e.getMessage());

      ImageRecord image = manager.pull(index.reference(), Credentials.ANONYMOUS, "special");

      assertEquals(index.configDigest(), image.id());
      assertEquals(Optional.empty(), manager.osVersion(image), "a Linux image names no OS build");
    }
  }
}

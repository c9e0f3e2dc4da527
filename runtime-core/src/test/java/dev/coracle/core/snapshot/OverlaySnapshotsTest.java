package dev.coracle.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.AlreadyExistsException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Against the real kernel's overlayfs, as root, on the ext4 root file system of the test machine. */
class OverlaySnapshotsTest {

  private final LinuxSyscalls sys = LinuxSyscalls.get();

  @TempDir
  Path dir;

  private Path root;
  private Layers layers;
  private OverlaySnapshots snapshots;

  @BeforeEach
  void setUp() {
    root = dir.resolve("snapshots");
    layers = new Layers(dir.resolve("layers"));
    snapshots = new OverlaySnapshots(root, sys);
  }

  @AfterEach
  void nothingLeftMounted() throws IOException {
    assertEquals(List.of(), Mounts.detachAll(dir, sys), "left mounted under the test's dir");
  }

  @Test
  void prepare_writes_landInTheUpperDirAndNotInTheLayers() throws IOException {
    Path layer = layers.create();
    Layers.write(layer, "etc/hostname", "image");
    String key = Layers.key();

    Path merged = snapshots.prepare(key, List.of(layer));
    Files.writeString(merged.resolve("etc/hostname"), "container");
    Files.writeString(merged.resolve("new"), "made in the container");

    assertEquals(root.resolve(key).resolve("merged"), merged);
    assertEquals("image", Files.readString(layer.resolve("etc/hostname")));
    assertFalse(Files.exists(layer.resolve("new")));
    Path upper = root.resolve(key).resolve("upper");
    assertEquals("container", Files.readString(upper.resolve("etc/hostname")));
    assertEquals("made in the container", Files.readString(upper.resolve("new")));
    snapshots.remove(key);
  }

  @Test
  void prepare_whiteoutInAnUpperLayer_hidesTheLowerFile() throws IOException {
    Path bottom = layers.create();
    Layers.write(bottom, "a/gone", "deleted by the next layer");
    Layers.write(bottom, "a/kept", "still here");
    Path top = layers.create();
    layers.whiteout(top, "a/gone");
    String key = Layers.key();

    Path merged = snapshots.prepare(key, List.of(bottom, top));

    assertFalse(Files.exists(merged.resolve("a/gone"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of("kept"), names(merged.resolve("a")));
    snapshots.remove(key);
  }

  @Test
  void prepare_opaqueDir_hidesTheLowerEntries() throws IOException {
    Path bottom = layers.create();
    Layers.write(bottom, "d/old", "hidden");
    Path top = layers.create();
    layers.opaque(top, "d");
    Layers.write(top, "d/new", "shown");
    String key = Layers.key();

    Path merged = snapshots.prepare(key, List.of(bottom, top));

    assertEquals(List.of("new"), names(merged.resolve("d")));
    snapshots.remove(key);
  }

  @Test
  void prepare_120Layers_mountsThemAllWithTheTopOneWinning() throws IOException {
    List<Path> stack = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Path layer = layers.create();
      Layers.write(layer, "own/" + i, "layer " + i);
      Layers.write(layer, "shared", "layer " + i);
      stack.add(layer);
    }
    int fullNames = stack.stream().mapToInt(p -> p.toString().length() + 1).sum();
    assertTrue(fullNames > OverlayOptions.MAX_LENGTH, "the layers' full names must not fit one page: " + fullNames);
    String key = Layers.key();

    Path merged = snapshots.prepare(key, stack);

    assertEquals("layer 119", Files.readString(merged.resolve("shared")));
    assertEquals(120, names(merged.resolve("own")).size());
    assertEquals("layer 0", Files.readString(merged.resolve("own/0")));
    assertTrue(Mounts.superOptions(merged).contains("lowerdir=l/"), Mounts.superOptions(merged));
    assertEquals(120, names(root.resolve("l")).size());
    snapshots.remove(key);
  }

  @Test
  void prepare_imageWithoutLayers_givesAnEmptyWritableRoot() throws IOException {
    String key = Layers.key();

    Path merged = snapshots.prepare(key, List.of());
    Files.writeString(merged.resolve("f"), "x");

    assertEquals(List.of("f"), names(merged));
    assertEquals(List.of(), names(root.resolve(key).resolve("empty")));
    snapshots.remove(key);
  }

  @Test
  void prepare_rootDir_takesTheTopLayersModeAndOwner() throws IOException {
    Path bottom = layers.create();
    Path top = layers.create();
    sys.chmod(top, 0750);
    sys.lchown(top, 1234, 5678);
    String key = Layers.key();

    Path merged = snapshots.prepare(key, List.of(bottom, top));

    assertEquals(0750, (Integer) Files.getAttribute(merged, "unix:mode") & 07777);
    assertEquals(1234, Files.getAttribute(merged, "unix:uid"));
    assertEquals(5678, Files.getAttribute(merged, "unix:gid"));
    snapshots.remove(key);
  }

  @Test
  void prepare_sameKeyAndLayersAgain_returnsTheSameMountWithItsWrites() throws IOException {
    Path layer = layers.create();
    String key = Layers.key();
    Path merged = snapshots.prepare(key, List.of(layer));
    Files.writeString(merged.resolve("written"), "before the retry");

    assertEquals(merged, snapshots.prepare(key, List.of(layer)));

    assertEquals(1, Mounts.at(merged));
    assertEquals("before the retry", Files.readString(merged.resolve("written")));
    snapshots.remove(key);
  }

  @Test
  void prepare_sameKeyOtherLayers_isAlreadyExistsAndLeavesTheSnapshot() throws IOException {
    Path one = layers.create();
    Path other = layers.create();
    String key = Layers.key();
    Path merged = snapshots.prepare(key, List.of(one));

    AlreadyExistsException e = assertThrows(AlreadyExistsException.class, () -> snapshots.prepare(key, List.of(other)));
    assertEquals("snapshot " + key + " already exists with other layers", e.getMessage());
    AlreadyExistsException ro = assertThrows(AlreadyExistsException.class,
        () -> snapshots.prepareReadOnly(key, List.of(one)));
    assertEquals("snapshot " + key + " already exists as a writable snapshot of 1 layer", ro.getMessage());

    assertEquals(1, Mounts.at(merged));
    snapshots.remove(key);
  }

  @Test
  void prepare_missingLayerDir_isNotFoundAndLeavesNothing() throws IOException {
    Path present = layers.create();
    Path missing = dir.resolve("layers/no-such-layer/diff");
    String key = Layers.key();

    NotFoundException e = assertThrows(NotFoundException.class, () -> snapshots.prepare(key, List.of(present, missing)));

    assertEquals("layer dir " + missing + " does not exist (was its image removed?)", e.getMessage());
    assertNothingOf(key);
  }

  @Test
  void prepare_mountFailing_leavesNoDirNoLinkNoMount() throws IOException {
    OverlaySnapshots failing = new OverlaySnapshots(root, new FailingSyscalls(sys, FailingSyscalls::isOverlay));
    String key = Layers.key();

    IOException cause = (IOException) assertThrows(RuntimeException.class,
        () -> failing.prepare(key, List.of(layers.create(), layers.create()))).getCause();

    assertEquals("injected", cause.getMessage());
    assertNothingOf(key);
  }

  @Test
  void prepareReadOnly_remountFailing_leavesTheBindUnmountedAndNothingElse() throws IOException {
    OverlaySnapshots failing = new OverlaySnapshots(root, new FailingSyscalls(sys, FailingSyscalls::isRemount));
    String key = Layers.key();

    assertThrows(RuntimeException.class, () -> failing.prepareReadOnly(key, List.of(layers.create())));

    assertNothingOf(key);
  }

  @Test
  void prepare_afterAFailure_reusesNothingStale() throws IOException {
    Path layer = layers.create();
    String key = Layers.key();
    OverlaySnapshots failing = new OverlaySnapshots(root, new FailingSyscalls(sys, FailingSyscalls::isOverlay));
    assertThrows(RuntimeException.class, () -> failing.prepare(key, List.of(layer)));

    Path merged = snapshots.prepare(key, List.of(layer));

    assertTrue(snapshots.isMounted(key));
    assertEquals(List.of(), names(merged));
    snapshots.remove(key);
  }

  @Test
  void prepare_overADirLeftWithoutRecordByACrash_startsAfresh() throws IOException {
    String key = Layers.key();
    Layers.write(root.resolve(key).resolve("upper"), "half-made", "from before the crash");

    Path merged = snapshots.prepare(key, List.of(layers.create()));

    assertEquals(List.of(), names(merged));
    snapshots.remove(key);
  }

  @Test
  void prepareAndRemove_fromManyThreadsOverSharedLayers_leaveTheOtherSnapshotsIntact() throws Exception {
    Path shared = layers.create();
    Layers.write(shared, "f", "shared");
    String kept = Layers.key();
    snapshots.prepare(kept, List.of(shared));
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 6; t++) {
      Path own = layers.create();
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          for (int i = 0; i < 5; i++) {
            String key = Layers.key();
            assertEquals("shared", Files.readString(snapshots.prepare(key, List.of(shared, own)).resolve("f")));
            snapshots.remove(key);
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertEquals(List.of(), failures);
    assertEquals(Set.of(kept), snapshots.keys());
    assertEquals(1, names(root.resolve("l")).size());
    snapshots.remove(kept);
  }

  @Test
  void prepare_tooManyLayersForOnePage_isRefusedWithTheReasonAndLeavesNothing() throws IOException {
    List<Path> stack = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      stack.add(layers.create());
    }
    String key = Layers.key();

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> snapshots.prepare(key, stack));

    assertTrue(e.getMessage().startsWith("an image of 300 layers is too deep to mount"), e.getMessage());
    assertNothingOf(key);
  }

  @Test
  void prepareReadOnly_oneLayer_showsItAndRefusesWrites() throws IOException {
    Path layer = layers.create();
    Layers.write(layer, "data/file", "from the image");
    String key = Layers.key();

    Path view = snapshots.prepareReadOnly(key, List.of(layer));

    assertEquals("from the image", Files.readString(view.resolve("data/file")));
    assertReadOnly(view.resolve("data/file"));
    assertReadOnly(view.resolve("new"));
    snapshots.remove(key);
    assertEquals("from the image", Files.readString(layer.resolve("data/file")));
  }

  @Test
  void prepareReadOnly_threeLayers_showsTheMergedImageAndRefusesWrites() throws IOException {
    Path bottom = layers.create();
    Layers.write(bottom, "data/deleted", "x");
    Layers.write(bottom, "data/kept", "bottom");
    Path middle = layers.create();
    layers.whiteout(middle, "data/deleted");
    Path top = layers.create();
    Layers.write(top, "data/kept", "top");
    String key = Layers.key();

    Path view = snapshots.prepareReadOnly(key, List.of(bottom, middle, top));

    assertEquals(List.of("kept"), names(view.resolve("data")));
    assertEquals("top", Files.readString(view.resolve("data/kept")));
    assertReadOnly(view.resolve("data/kept"));
    assertReadOnly(view.resolve("new"));
    assertEquals(0, snapshots.upperBytes(key));
    snapshots.remove(key);
  }

  @Test
  void prepareReadOnly_noLayers_isAnEmptyReadOnlyDir() throws IOException {
    String key = Layers.key();

    Path view = snapshots.prepareReadOnly(key, List.of());

    assertEquals(List.of(), names(view));
    assertReadOnly(view.resolve("new"));
    snapshots.remove(key);
  }

  @Test
  void remove_leavesNoMountNoDirAndNoLink() throws IOException {
    String key = Layers.key();
    Path merged = snapshots.prepare(key, List.of(layers.create(), layers.create()));
    Files.writeString(merged.resolve("f"), "x");

    snapshots.remove(key);

    assertEquals(List.of(), Mounts.under(root));
    assertNothingOf(key);
  }

  @Test
  void remove_whileAFileIsOpenInIt_detachesAndDeletes() throws IOException {
    String key = Layers.key();
    Path merged = snapshots.prepare(key, List.of(layers.create()));
    try (FileChannel open = FileChannel.open(merged.resolve("busy"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      snapshots.remove(key);

      assertEquals(List.of(), Mounts.under(root));
      assertFalse(Files.exists(root.resolve(key), LinkOption.NOFOLLOW_LINKS));
    }
  }

  @Test
  void remove_missingKey_isFine() {
    snapshots.remove(Layers.key());
  }

  @Test
  void remove_dropsOnlyTheLinksNoOtherSnapshotUses() throws IOException {
    Path shared = layers.create();
    Path own = layers.create();
    String first = Layers.key();
    String second = Layers.key();
    snapshots.prepare(first, List.of(shared));
    snapshots.prepareReadOnly(second, List.of(shared, own));
    assertEquals(2, names(root.resolve("l")).size());

    snapshots.remove(second);

    List<String> left = names(root.resolve("l"));
    assertEquals(1, left.size());
    assertEquals(shared, Files.readSymbolicLink(root.resolve("l").resolve(left.getFirst())));
    assertTrue(Files.exists(shared));
    snapshots.remove(first);
    assertEquals(List.of(), names(root.resolve("l")));
  }

  @Test
  void remove_neverFollowsALinkOutOfTheSnapshot() throws IOException {
    Path outside = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("precious"), "keep");
    String key = Layers.key();
    Path merged = snapshots.prepare(key, List.of(layers.create()));
    Files.createSymbolicLink(merged.resolve("escape"), outside.getParent());

    snapshots.remove(key);

    assertEquals("keep", Files.readString(outside));
  }

  @Test
  void removeAllExcept_removesTheOthersAndKeepsTheListedMounted() throws IOException {
    Path layer = layers.create();
    String kept = Layers.key();
    String stale = Layers.key();
    String staleView = Layers.key();
    snapshots.prepare(kept, List.of(layer));
    snapshots.prepare(stale, List.of(layer));
    snapshots.prepareReadOnly(staleView, List.of(layer));

    snapshots.removeAllExcept(Set.of(kept));

    assertEquals(Set.of(kept), snapshots.keys());
    assertTrue(snapshots.isMounted(kept));
    assertEquals(List.of(root.resolve(kept).resolve("merged")), Mounts.under(root));
    assertEquals(1, names(root.resolve("l")).size());
    snapshots.remove(kept);
  }

  @Test
  void ensureMounted_afterTheMountWentAway_mountsItAgainWithTheWrites() throws IOException {
    Path layer = layers.create();
    Layers.write(layer, "from-image", "image");
    String key = Layers.key();
    Path merged = snapshots.prepare(key, List.of(layer));
    Files.writeString(merged.resolve("from-container"), "kept across the reboot");
    sys.unmount(merged, false);
    assertFalse(snapshots.isMounted(key));

    // A new daemon after a reboot: a fresh instance over the same root.
    OverlaySnapshots restarted = new OverlaySnapshots(root, sys);
    assertEquals(merged, restarted.ensureMounted(key, List.of(layer)));

    assertTrue(restarted.isMounted(key));
    assertEquals("kept across the reboot", Files.readString(merged.resolve("from-container")));
    assertEquals("image", Files.readString(merged.resolve("from-image")));
    assertEquals(merged, restarted.ensureMounted(key, List.of(layer)));
    assertEquals(1, Mounts.at(merged));
    restarted.remove(key);
  }

  @Test
  void ensureMounted_readOnlyView_isMountedReadOnlyAgain() throws IOException {
    Path layer = layers.create();
    String key = Layers.key();
    Path view = snapshots.prepareReadOnly(key, List.of(layer));
    sys.unmount(view, false);

    snapshots.ensureMounted(key, List.of(layer));

    assertReadOnly(view.resolve("new"));
    snapshots.remove(key);
  }

  @Test
  void ensureMounted_remountFailing_leavesNoWritableBindAndKeepsTheSnapshot() throws IOException {
    Path layer = layers.create();
    String key = Layers.key();
    Path view = snapshots.prepareReadOnly(key, List.of(layer));
    sys.unmount(view, false);
    OverlaySnapshots failing = new OverlaySnapshots(root, new FailingSyscalls(sys, FailingSyscalls::isRemount));

    assertThrows(RuntimeException.class, () -> failing.ensureMounted(key, List.of(layer)));

    assertEquals(List.of(), Mounts.under(root));
    assertEquals(Set.of(key), snapshots.keys());
    snapshots.remove(key);
  }

  @Test
  void ensureMounted_missingKey_isNotFound() {
    assertThrows(NotFoundException.class, () -> snapshots.ensureMounted(Layers.key(), List.of()));
  }

  @Test
  void ensureMounted_otherLayers_isFailedPrecondition() throws IOException {
    String key = Layers.key();
    snapshots.prepare(key, List.of(layers.create()));

    assertThrows(FailedPreconditionException.class, () -> snapshots.ensureMounted(key, List.of(layers.create())));
    snapshots.remove(key);
  }

  @Test
  void upperBytesAndInodes_countTheContainersWritesOnceEachWithoutFollowingLinks() throws IOException {
    String key = Layers.key();
    Path merged = snapshots.prepare(key, List.of(layers.create()));
    long bytes = snapshots.upperBytes(key);
    long inodes = snapshots.upperInodes(key);
    assertEquals(1, inodes, "the upper dir itself");

    Files.write(merged.resolve("data"), new byte[1000]);
    Files.createLink(merged.resolve("hard"), merged.resolve("data"));
    Files.createSymbolicLink(merged.resolve("usr"), Path.of("/usr"));

    assertEquals(bytes + 1000 + "/usr".length(), snapshots.upperBytes(key));
    assertEquals(inodes + 2, snapshots.upperInodes(key));
    snapshots.remove(key);
  }

  @Test
  void upperBytes_missingKey_isNotFound() {
    assertThrows(NotFoundException.class, () -> snapshots.upperBytes(Layers.key()));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "ABCDEF", "../etc", "a/b", "l", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", "g1"})
  void everyMethod_badKey_isInvalidArgumentAndMakesNothing(String key) throws IOException {
    List<Consumer<String>> calls = List.of(
        k -> snapshots.prepare(k, List.of()),
        k -> snapshots.prepareReadOnly(k, List.of()),
        k -> snapshots.ensureMounted(k, List.of()),
        snapshots::remove,
        snapshots::isMounted,
        snapshots::upperBytes,
        snapshots::upperInodes);
    for (Consumer<String> call : calls) {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> call.accept(key));
      assertTrue(e.getMessage().endsWith("is not a container ID (1 to 64 lowercase hex digits)"), e.getMessage());
    }
    assertEquals(List.of("l"), names(root));
  }

  @Test
  void keys_listsEverySnapshotAndNothingElse() throws IOException {
    String one = Layers.key();
    String view = "a1";
    snapshots.prepare(one, List.of());
    snapshots.prepareReadOnly(view, List.of(layers.create()));

    assertEquals(Set.of(one, view), snapshots.keys());
    snapshots.remove(one);
    snapshots.remove(view);
    assertEquals(Set.of(), snapshots.keys());
  }

  private void assertNothingOf(String key) throws IOException {
    assertFalse(Files.exists(root.resolve(key), LinkOption.NOFOLLOW_LINKS), "snapshot dir left");
    assertEquals(List.of(), names(root.resolve("l")), "short links left");
    assertEquals(List.of(), Mounts.under(root), "mounts left");
  }

  private static void assertReadOnly(Path file) {
    FileSystemException e = assertThrows(FileSystemException.class, () -> Files.writeString(file, "x"));
    assertEquals("Read-only file system", e.getReason());
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}

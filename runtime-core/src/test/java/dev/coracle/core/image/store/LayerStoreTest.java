package dev.coracle.core.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.unpack.LayerImporter;
import dev.coracle.core.image.unpack.UnpackResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerStoreTest {

  private static final Digest BASE = digest('a');
  private static final Digest MIDDLE = digest('b');
  private static final Digest TOP = digest('c');

  @TempDir
  Path root;

  /** Records each call; writes one file; answers the diff ID it was given unless told otherwise. */
  private static class RecordingImporter implements LayerImporter {
    final boolean needsParents;
    final boolean inPlace;
    final List<List<Path>> parents = new CopyOnWriteArrayList<>();
    final List<Digest> diffIds = new CopyOnWriteArrayList<>();
    final List<Path> targets = new CopyOnWriteArrayList<>();
    Digest answer;
    /** Thrown after the layer's file is written, as a failing import would. */
    RuntimeException failure;

    RecordingImporter(boolean needsParents) {
      this(needsParents, false);
    }

    RecordingImporter(boolean needsParents, boolean inPlace) {
      this.needsParents = needsParents;
      this.inPlace = inPlace;
    }

    @Override
    public UnpackResult unpack(InputStream blob, Compression compression, Path target, Digest diffId, List<Path> parents) {
      this.parents.add(parents);
      this.diffIds.add(diffId);
      this.targets.add(target);
      try {
        Files.writeString(target.resolve("made"), "x");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (failure != null) {
        throw failure;
      }
      return new UnpackResult(answer == null ? diffId : answer, 1, 1);
    }

    @Override
    public boolean needsParents() {
      return needsParents;
    }

    @Override
    public boolean importsInPlace() {
      return inPlace;
    }
  }

  @Test
  void ensure_importerThatNeedsParents_getsThePresentLayersBelowTopMostFirst() {
    RecordingImporter importer = new RecordingImporter(true);
    LayerStore store = new LayerStore(root, importer);

    ensure(store, BASE, null);
    ensure(store, MIDDLE, BASE);
    ensure(store, TOP, MIDDLE);

    assertTrue(store.unpacksInOrder());
    assertEquals(List.of(List.of(), List.of(store.diffDir(BASE)), List.of(store.diffDir(MIDDLE), store.diffDir(BASE))),
        importer.parents);
    assertEquals(List.of(diff(BASE), diff(MIDDLE), diff(TOP)), importer.diffIds);
  }

  @Test
  void ensure_parentMissing_isFailedPrecondition_andLeavesNothing() throws IOException {
    LayerStore store = new LayerStore(root, new RecordingImporter(true));

    FailedPreconditionException e = assertThrows(FailedPreconditionException.class, () -> ensure(store, TOP, MIDDLE));

    assertEquals("layer " + MIDDLE + " must be unpacked before the layers above it", e.getMessage());
    assertEquals(List.of(), names());
  }

  @Test
  void ensure_linuxImporter_getsNoParents_andNeedsNoOrder() {
    RecordingImporter importer = new RecordingImporter(false);
    LayerStore store = new LayerStore(root, importer);

    ensure(store, TOP, MIDDLE); // its parent is not there yet: Linux layers do not care

    assertEquals(false, store.unpacksInOrder());
    assertEquals(List.of(List.of()), importer.parents);
  }

  @Test
  void ensure_importerAnsweringAnotherDiffId_isRefused_andLeavesNothing() throws IOException {
    RecordingImporter importer = new RecordingImporter(true);
    importer.answer = digest('f');
    LayerStore store = new LayerStore(root, importer);

    assertThrows(InvalidArgumentException.class, () -> ensure(store, BASE, null));

    assertEquals(List.of(), names());
  }

  @Test
  void ensure_linuxImporter_keepsTheOverlayLayout() {
    RecordingImporter importer = new RecordingImporter(false);
    LayerStore store = new LayerStore(root, importer);

    ensure(store, BASE, null);

    assertEquals(root.resolve(BASE.hex()).resolve("diff"), store.diffDir(BASE));
    assertTrue(Files.isRegularFile(store.diffDir(BASE).resolve("made")));
    assertTrue(importer.targets.get(0).getParent().getFileName().toString().startsWith(".tmp-"),
        "unpacked into a temporary directory, then renamed");
  }

  @Test
  void ensure_inPlaceImporter_importsIntoItsFinalDirectoryNamedByTheChainId() throws IOException {
    RecordingImporter importer = new RecordingImporter(true, true);
    LayerStore store = new LayerStore(root, importer);

    ensure(store, BASE, null);
    ensure(store, MIDDLE, BASE);

    Path base = root.resolve(BASE.hex()).resolve(BASE.hex());
    Path middle = root.resolve(MIDDLE.hex()).resolve(MIDDLE.hex());
    assertEquals(List.of(base, middle), importer.targets);
    assertEquals(List.of(List.of(), List.of(base)), importer.parents);
    assertEquals(middle, store.diffDir(MIDDLE));
    assertTrue(Files.isRegularFile(middle.resolve("made")));
    assertEquals(diff(MIDDLE), store.get(MIDDLE).orElseThrow().diffId());
    assertEquals(List.of(BASE.hex(), MIDDLE.hex()), names().stream().sorted().toList());
  }

  @Test
  void ensure_inPlaceImportFails_deletesTheLayerDirectory() throws IOException {
    RecordingImporter importer = new RecordingImporter(true, true);
    importer.failure = new InvalidArgumentException("bad layer");
    LayerStore store = new LayerStore(root, importer);

    assertThrows(InvalidArgumentException.class, () -> ensure(store, BASE, null));

    assertEquals(List.of(), names());
    assertTrue(store.get(BASE).isEmpty());
  }

  @Test
  void ensure_inPlaceImporterAnsweringAnotherDiffId_isRefused_andLeavesNothing() throws IOException {
    RecordingImporter importer = new RecordingImporter(true, true);
    importer.answer = digest('f');
    LayerStore store = new LayerStore(root, importer);

    assertThrows(InvalidArgumentException.class, () -> ensure(store, BASE, null));

    assertEquals(List.of(), names());
  }

  @Test
  void ensure_inPlace_aLeftoverWithoutRecordIsReplaced() throws IOException {
    RecordingImporter importer = new RecordingImporter(true, true);
    LayerStore store = new LayerStore(root, importer);
    Files.createDirectories(store.diffDir(BASE).resolve("Files"));
    Files.writeString(store.diffDir(BASE).resolve("Files/stale"), "old");

    ensure(store, BASE, null);

    assertFalse(Files.exists(store.diffDir(BASE).resolve("Files/stale")));
    assertTrue(Files.isRegularFile(store.diffDir(BASE).resolve("made")));
  }

  @Test
  void open_inPlace_deletesLayersWithoutRecord_keepsComplete() throws IOException {
    RecordingImporter importer = new RecordingImporter(true, true);
    ensure(new LayerStore(root, importer), BASE, null);
    Files.createDirectories(root.resolve(MIDDLE.hex()).resolve(MIDDLE.hex()).resolve("Files"));

    LayerStore reopened = new LayerStore(root, importer);

    assertEquals(List.of(BASE.hex()), names());
    assertTrue(reopened.get(BASE).isPresent());
  }

  @Test
  void open_linux_keepsADirectoryWithoutRecord() throws IOException {
    Files.createDirectories(root.resolve(MIDDLE.hex()).resolve("diff"));

    new LayerStore(root, new RecordingImporter(false));

    assertEquals(List.of(MIDDLE.hex()), names());
  }

  @Test
  void delete_inPlace_removesTheLayer() throws IOException {
    LayerStore store = new LayerStore(root, new RecordingImporter(true, true));
    ensure(store, BASE, null);

    store.delete(BASE);

    assertEquals(List.of(), names());
    assertTrue(store.get(BASE).isEmpty());
  }

  @Test
  void ensure_concurrentPullsOfOneLayer_importItOnce_andListHidesItMeanwhile() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingImporter importer = new RecordingImporter(true, true) {
      @Override
      public UnpackResult unpack(InputStream blob, Compression compression, Path target, Digest diffId,
          List<Path> parents) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return super.unpack(blob, compression, target, diffId, parents);
      }
    };
    LayerStore store = new LayerStore(root, importer);
    CompletableFuture<LayerStore.Layer> first = CompletableFuture.supplyAsync(() -> ensureAndGet(store, BASE));
    entered.await();
    CompletableFuture<LayerStore.Layer> secondResult = new CompletableFuture<>();
    Thread second = new Thread(() -> secondResult.complete(ensureAndGet(store, BASE)), "second-pull");
    second.start();
    while (second.getState() != Thread.State.WAITING && !secondResult.isDone()) {
      Thread.onSpinWait(); // the second pull is parked on the first one's future
    }
    List<Digest> listedMeanwhile = store.list();
    release.countDown();

    assertEquals(first.get(), secondResult.get());
    assertEquals(1, importer.targets.size());
    assertEquals(List.of(), listedMeanwhile, "garbage collection never sees a layer being imported");
    assertEquals(List.of(BASE), store.list());
    second.join();
  }

  private static LayerStore.Layer ensureAndGet(LayerStore store, Digest chainId) {
    return store.ensure(chainId, diff(chainId), null, Compression.NONE, () -> new ByteArrayInputStream(new byte[0]));
  }

  private static void ensure(LayerStore store, Digest chainId, Digest parent) {
    store.ensure(chainId, diff(chainId), parent, Compression.NONE, () -> new ByteArrayInputStream(new byte[0]));
  }

  private static Digest diff(Digest chainId) {
    return digest((char) (chainId.hex().charAt(0) + 3));
  }

  private static Digest digest(char c) {
    return Digest.parse("sha256:" + String.valueOf(c).repeat(64));
  }

  private List<String> names() throws IOException {
    try (Stream<Path> children = Files.list(root)) {
      return children.map(p -> p.getFileName().toString()).toList();
    }
  }
}

package dev.coracle.core.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
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
  private static final class RecordingImporter implements LayerImporter {
    final boolean needsParents;
    final List<List<Path>> parents = new ArrayList<>();
    final List<Digest> diffIds = new ArrayList<>();
    Digest answer;

    RecordingImporter(boolean needsParents) {
      this.needsParents = needsParents;
    }

    @Override
    public UnpackResult unpack(InputStream blob, Compression compression, Path target, Digest diffId, List<Path> parents) {
      this.parents.add(parents);
      this.diffIds.add(diffId);
      try {
        Files.writeString(target.resolve("made"), "x");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new UnpackResult(answer == null ? diffId : answer, 1, 1);
    }

    @Override
    public boolean needsParents() {
      return needsParents;
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

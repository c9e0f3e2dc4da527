package dev.coracle.hcs.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.store.LayerStore;
import dev.coracle.hcs.fake.Call;
import dev.coracle.hcs.fake.FakeWindows;
import dev.coracle.hcs.storage.LayerStorage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows layers through the image store, on the simulated path (plain-file writer, the fake's
 * vmcompute): each imported where it stays, in a directory HCS can tell from every other.
 */
class WindowsLayersInStoreTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Digest BASE = Digest.parse("sha256:" + "a".repeat(64));
  private static final Digest DELTA = Digest.parse("sha256:" + "b".repeat(64));

  @TempDir
  Path root;

  private final FakeWindows windows = new FakeWindows();
  private final LayerStorage storage = new LayerStorage(windows.natives());

  @AfterEach
  void everyHandleClosed() {
    windows.assertNoOpenHandles();
    windows.assertNoViolations();
  }

  @Test
  void ensure_baseThenDelta_importedInPlace_withDistinctLayerIds() throws Exception {
    LayerStore store = new LayerStore(root, new WindowsLayerImporter(DirectoryLayerWriter::new,
        (layer, utilityVm) -> storage.setupBaseLayer(layer), storage::importLayer));
    WindowsTar base = new WindowsTar().dir("Files", Map.of()).file("Files/base.txt", "base", Map.of())
        .dir("Hives", Map.of());
    WindowsTar delta = new WindowsTar().dir("Files", Map.of()).file("Files/app.exe", "MZ", Map.of())
        .whiteout("Files/.wh.base.txt");

    ensure(store, BASE, null, base);
    ensure(store, DELTA, BASE, delta);

    Path baseDir = root.resolve(BASE.hex()).resolve(BASE.hex());
    Path deltaDir = root.resolve(DELTA.hex()).resolve(DELTA.hex());
    assertEquals(baseDir.toString(), windows.calls("ProcessBaseImage").getFirst().args().get(0));
    assertTrue(Files.isRegularFile(baseDir.resolve("blank-base.vhdx")), "processed where it stays");
    Call imported = windows.calls("ImportLayer").getFirst();
    assertEquals(deltaDir.toString(), imported.args().get(1));
    ArrayNode parents = JSON.createArrayNode();
    parents.addObject().put("LayerId", storage.layerId(baseDir).toString()).put("Flags", 0)
        .put("Path", baseDir.toString());
    assertEquals(parents, imported.args().get(3));
    assertNotEquals(storage.layerId(baseDir), storage.layerId(deltaDir));
    assertTrue(Files.isRegularFile(deltaDir.resolve("Files/app.exe")));
    assertEquals(List.of("Files/base.txt"), DirectoryLayerWriter.readMetadata(deltaDir).tombstones());
    assertEquals(List.of(BASE.hex(), DELTA.hex()), names());
  }

  private static void ensure(LayerStore store, Digest chainId, Digest parent, WindowsTar tar) {
    store.ensure(chainId, Digest.parse(tar.diffId()), parent, Compression.NONE,
        () -> new ByteArrayInputStream(tar.tar()));
  }

  private List<String> names() throws Exception {
    try (var children = Files.list(root)) {
      return children.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}

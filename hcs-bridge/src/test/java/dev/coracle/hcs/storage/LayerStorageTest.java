package dev.coracle.hcs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.coracle.hcs.compute.HResult;
import dev.coracle.hcs.compute.HcsException;
import dev.coracle.hcs.fake.Call;
import dev.coracle.hcs.fake.FakeWindows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerStorageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeWindows windows = new FakeWindows();
  private final LayerStorage storage = new LayerStorage(windows.natives());

  @TempDir
  Path root;
  private Path base;
  private Path top;
  private Path scratch;

  @BeforeEach
  void layers() throws Exception {
    base = Files.createDirectories(root.resolve("layers").resolve("base"));
    top = Files.createDirectories(root.resolve("layers").resolve("top"));
    scratch = root.resolve("containers").resolve("c1");
  }

  @AfterEach
  void everyHandleClosedAndEveryStringFreed() {
    windows.assertNoOpenHandles();
    windows.assertNoViolations();
  }

  @Test
  void createScratch_writesTheSandboxOverDescriptorsTopFirst() throws Exception {
    storage.createScratch(scratch, List.of(top, base));

    assertTrue(Files.isRegularFile(scratch.resolve("sandbox.vhdx")));
    Call call = windows.calls("CreateSandboxLayer").getFirst();
    assertEquals(scratch.toString(), call.args().get(1));
    assertNull(call.args().get(2));
    ArrayNode expected = JSON.createArrayNode();
    expected.addObject().put("LayerId", storage.layerId(top).toString()).put("Flags", 0).put("Path", top.toString());
    expected.addObject().put("LayerId", storage.layerId(base).toString()).put("Flags", 0).put("Path", base.toString());
    assertEquals(expected, call.args().get(3));
    assertEquals(2, call.args().get(4));
    assertEquals("DriverInfo{Flavour=1, HomeDir=\"\"}", call.args().get(0));
  }

  @Test
  void mountScratch_returnsTheVolumeWithTrailingBackslash_throughTwoCalls() throws Exception {
    storage.createScratch(scratch, List.of(top, base));

    String volume = storage.mountScratch(scratch, List.of(top, base));

    assertEquals(FakeWindows.volumeOf(scratch.toString()) + "\\", volume);
    assertTrue(volume.startsWith("\\\\?\\Volume{"), volume);
    List<Call> mountPath = windows.calls("GetLayerMountPath");
    assertEquals(2, mountPath.size());
    assertNull(mountPath.get(0).args().get(3), "the first call asks for the length only");
    assertTrue(mountPath.get(1).args().get(3) != null, "the second passes the buffer");
    assertEquals(List.of("ActivateLayer", "PrepareLayer", "GetLayerMountPath", "GetLayerMountPath"), layerCalls());

    storage.unmountScratch(scratch);

    assertEquals(List.of("UnprepareLayer", "DeactivateLayer"), layerCalls().subList(4, 6));
  }

  @Test
  void mountScratch_prepareFails_deactivatesAgain() throws Exception {
    storage.createScratch(scratch, List.of(base));
    windows.failNext("PrepareLayer", 0x80070005, null);

    HcsException e = assertThrows(HcsException.class, () -> storage.mountScratch(scratch, List.of(base)));

    assertEquals("PrepareLayer", e.operation());
    assertEquals(List.of("ActivateLayer", "PrepareLayer", "DeactivateLayer"), layerCalls());
    storage.destroyLayer(scratch);
    assertFalse(Files.exists(scratch));
  }

  @Test
  void mountScratch_notReady_retriesUntilPrepared() throws Exception {
    storage.createScratch(scratch, List.of(base));
    windows.failNext("PrepareLayer", HResult.ERROR_NOT_READY, null);
    windows.failNext("PrepareLayer", HResult.ERROR_DEVICE_NOT_CONNECTED, null);

    String volume = storage.mountScratch(scratch, List.of(base));

    assertEquals(FakeWindows.volumeOf(scratch.toString()) + "\\", volume);
    assertEquals(3, windows.calls("PrepareLayer").size());
    assertEquals(3, windows.calls("ActivateLayer").size());
    assertEquals(2, windows.calls("DeactivateLayer").size());
    storage.unmountScratch(scratch);
  }

  @Test
  void mountScratch_notReadyEveryTime_givesUpAfterFiveAttempts() throws Exception {
    storage.createScratch(scratch, List.of(base));
    windows.failOn("PrepareLayer", call -> true, HResult.ERROR_NOT_READY);

    HcsException e = assertThrows(HcsException.class, () -> storage.mountScratch(scratch, List.of(base)));

    assertEquals(HResult.ERROR_NOT_READY, e.result().code());
    assertEquals(5, windows.calls("PrepareLayer").size());
    assertEquals(5, windows.calls("DeactivateLayer").size());
  }

  @Test
  void mountScratch_mountPathFails_unpreparesAndDeactivates() throws Exception {
    storage.createScratch(scratch, List.of(base));
    windows.failNext("GetLayerMountPath", 0x80004005, null);

    assertThrows(HcsException.class, () -> storage.mountScratch(scratch, List.of(base)));

    assertEquals(List.of("ActivateLayer", "PrepareLayer", "GetLayerMountPath", "UnprepareLayer", "DeactivateLayer"),
        layerCalls());
  }

  @Test
  void mountScratch_concurrently_preparesOneAtATime() throws Exception {
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path dir = root.resolve("containers").resolve("c" + i);
      storage.createScratch(dir, List.of(base));
      dirs.add(dir);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> mounts = new ArrayList<>();
      for (Path dir : dirs) {
        mounts.add(pool.submit(() -> storage.mountScratch(dir, List.of(base))));
      }
      for (int i = 0; i < dirs.size(); i++) {
        assertEquals(FakeWindows.volumeOf(dirs.get(i).toString()) + "\\", mounts.get(i).get());
      }
    } finally {
      pool.shutdown();
    }
    dirs.forEach(storage::unmountScratch);
  }

  @Test
  void expandScratch_passesTheSize() throws Exception {
    storage.createScratch(scratch, List.of(base));

    storage.expandScratch(scratch, 40L << 30);

    assertEquals(40L << 30, windows.calls("ExpandSandboxSize").getFirst().args().get(2));
    assertEquals(Long.toString(40L << 30), Files.readString(scratch.resolve("sandbox.vhdx")));
  }

  @Test
  void importLayer_copiesTheStagingDirectoryOverItsParents() throws Exception {
    Path staging = Files.createDirectories(root.resolve("staging").resolve("Files"));
    Files.writeString(staging.resolve("app.exe"), "MZ");
    Path layer = root.resolve("layers").resolve("new");

    storage.importLayer(layer, staging.getParent(), List.of(top, base));

    assertEquals("MZ", Files.readString(layer.resolve("Files").resolve("app.exe")));
    assertEquals(2, windows.calls("ImportLayer").getFirst().args().get(4));
  }

  @Test
  void setupBaseLayer_processesTheUtilityVmWhenPresent() throws Exception {
    Files.createDirectories(base.resolve("UtilityVM").resolve("Files"));

    storage.setupBaseLayer(base);

    assertEquals(List.of(base.toString()), windows.calls("ProcessBaseImage").getFirst().args());
    assertEquals(List.of(base.resolve("UtilityVM").toString()), windows.calls("ProcessUtilityImage").getFirst().args());
  }

  @Test
  void setupBaseLayer_withoutUtilityVm_processesTheBaseOnly() {
    storage.setupBaseLayer(base);

    assertEquals(1, windows.calls("ProcessBaseImage").size());
    assertTrue(windows.calls("ProcessUtilityImage").isEmpty());
  }

  @Test
  void layerId_isNameToGuidOfTheBaseName() {
    assertEquals(storage.layerId(base), storage.layerId(root.resolve("elsewhere").resolve("base")));
    assertEquals(List.of("base", "out"), windows.calls("NameToGuid").getFirst().args());
  }

  private List<String> layerCalls() {
    List<String> names = List.of("ActivateLayer", "PrepareLayer", "GetLayerMountPath", "UnprepareLayer", "DeactivateLayer");
    return windows.calls().stream().map(Call::function).filter(names::contains).toList();
  }
}

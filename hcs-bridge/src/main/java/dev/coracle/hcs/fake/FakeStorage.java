package dev.coracle.hcs.fake;

import static dev.coracle.hcs.compute.HResult.E_FAIL;
import static dev.coracle.hcs.compute.HResult.E_INVALIDARG;
import static dev.coracle.hcs.compute.HResult.S_OK;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.hcs.fake.Ledger.Recorded;
import dev.coracle.hcs.nativeapi.ComputeStorage;
import dev.coracle.hcs.nativeapi.DriverInfo;
import dev.coracle.hcs.nativeapi.Guid;
import dev.coracle.hcs.nativeapi.VmCompute;
import dev.coracle.hcs.nativeapi.WcLayerDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * The fake {@code computestorage.dll} and {@code vmcompute.dll}: layers are directories of
 * the Linux file system at the paths given (WINDOWS.md §1.5, §3). Import copies the source,
 * {@code CreateSandboxLayer} writes {@code sandbox.vhdx} (a text file holding its size),
 * processing a base layer writes its {@code blank*.vhdx}, and a prepared layer has a stable
 * volume path. It checks the order activate → prepare → unprepare → deactivate, that {@code
 * PrepareLayer} never runs twice at once, and every layer descriptor's ID.
 */
final class FakeStorage implements ComputeStorage, VmCompute {

  private static final int ERROR_FILE_NOT_FOUND = 0x80070002;
  private static final int ERROR_PATH_NOT_FOUND = 0x80070003;
  private static final int ERROR_BUSY = 0x800700AA;
  private static final int ERROR_INSUFFICIENT_BUFFER = 0x8007007A;
  /** The size Windows gives a new sandbox.vhdx: 20 GB. */
  static final long DEFAULT_SANDBOX_BYTES = 20L * 1024 * 1024 * 1024;

  private static final class Layer {
    boolean activated;
    boolean prepared;
  }

  private final Ledger ledger;
  private final FakeNetwork network;
  private final Map<String, Layer> layers = new HashMap<>();
  private final AtomicInteger preparing = new AtomicInteger();

  FakeStorage(Ledger ledger, FakeNetwork network) {
    this.ledger = ledger;
    this.network = network;
  }

  /** The volume path a prepared layer has: stable for its directory. */
  static String volumeOf(String layer) {
    return "\\\\?\\Volume{" + UUID.nameUUIDFromBytes(("volume:" + layer).getBytes(StandardCharsets.UTF_8)) + "}";
  }

  synchronized boolean isMounted(String layer) {
    Layer state = layers.get(layer);
    return state != null && (state.activated || state.prepared);
  }

  // ---- vmcompute

  @Override
  public int ActivateLayer(DriverInfo info, WString id) {
    Recorded recorded = ledger.record("ActivateLayer", info, id);
    return run(recorded, info, () -> {
      if (!Files.isDirectory(Path.of(id.toString()))) {
        return ERROR_PATH_NOT_FOUND;
      }
      synchronized (this) {
        layers.computeIfAbsent(id.toString(), k -> new Layer()).activated = true;
      }
      return S_OK;
    });
  }

  @Override
  public int DeactivateLayer(DriverInfo info, WString id) {
    Recorded recorded = ledger.record("DeactivateLayer", info, id);
    return run(recorded, info, () -> {
      synchronized (this) {
        Layer layer = layers.get(id.toString());
        if (layer == null || !layer.activated) {
          return E_FAIL;
        }
        if (layer.prepared) {
          ledger.violation("DeactivateLayer of " + id + " while it is still prepared (UnprepareLayer first, §3)");
        }
        layers.remove(id.toString());
      }
      return S_OK;
    });
  }

  @Override
  public int PrepareLayer(DriverInfo info, WString id, WcLayerDescriptor[] descriptors, int layerCount) {
    Recorded recorded = ledger.record("PrepareLayer", info, id, descriptors, layerCount);
    if (preparing.incrementAndGet() > 1) {
      ledger.violation("PrepareLayer ran while another PrepareLayer was running (serialise it, §3)");
    }
    try {
      return run(recorded, info, () -> {
        checkDescriptors("PrepareLayer", descriptors, layerCount);
        pause();
        synchronized (this) {
          Layer layer = layers.get(id.toString());
          if (layer == null || !layer.activated) {
            ledger.violation("PrepareLayer of " + id + " before ActivateLayer (§3)");
            return E_FAIL;
          }
          layer.prepared = true;
        }
        return S_OK;
      });
    } finally {
      preparing.decrementAndGet();
    }
  }

  @Override
  public int UnprepareLayer(DriverInfo info, WString id) {
    Recorded recorded = ledger.record("UnprepareLayer", info, id);
    return run(recorded, info, () -> {
      synchronized (this) {
        Layer layer = layers.get(id.toString());
        if (layer == null || !layer.prepared) {
          return E_FAIL;
        }
        layer.prepared = false;
      }
      return S_OK;
    });
  }

  @Override
  public int CreateSandboxLayer(DriverInfo info, WString id, WString parentId, WcLayerDescriptor[] descriptors,
      int layerCount) {
    Recorded recorded = ledger.record("CreateSandboxLayer", info, id, parentId, descriptors, layerCount);
    return run(recorded, info, () -> {
      checkDescriptors("CreateSandboxLayer", descriptors, layerCount);
      if (parentId != null) {
        ledger.violation("CreateSandboxLayer was given a parent ID; the parents go in the descriptors (§1.5)");
      }
      if (descriptors != null) {
        for (WcLayerDescriptor descriptor : descriptors) {
          if (!Files.isDirectory(Path.of(descriptor.Path.toString()))) {
            return ERROR_PATH_NOT_FOUND;
          }
        }
      }
      Path dir = Path.of(id.toString());
      io(() -> {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sandbox.vhdx"), Long.toString(DEFAULT_SANDBOX_BYTES));
      });
      return S_OK;
    });
  }

  @Override
  public int ExpandSandboxSize(DriverInfo info, WString id, long size) {
    Recorded recorded = ledger.record("ExpandSandboxSize", info, id, size);
    return run(recorded, info, () -> {
      Path vhdx = Path.of(id.toString(), "sandbox.vhdx");
      if (!Files.isRegularFile(vhdx)) {
        return ERROR_FILE_NOT_FOUND;
      }
      long current = Long.parseLong(read(vhdx).strip());
      if (size < current) {
        return E_INVALIDARG;
      }
      io(() -> Files.writeString(vhdx, Long.toString(size)));
      return S_OK;
    });
  }

  @Override
  public int GetLayerMountPath(DriverInfo info, WString id, LongByReference length, Pointer buffer) {
    Recorded recorded = ledger.record("GetLayerMountPath", info, id, length, buffer);
    return run(recorded, info, () -> {
      synchronized (this) {
        Layer layer = layers.get(id.toString());
        if (layer == null || !layer.prepared) {
          return E_FAIL;
        }
      }
      String volume = volumeOf(id.toString());
      long needed = volume.length() + 1L;
      if (buffer == null) {
        length.setValue(needed);
        return S_OK;
      }
      boolean fits = length.getValue() >= needed
          && (!(buffer instanceof Memory memory) || memory.size() >= needed * Native.WCHAR_SIZE);
      if (!fits) {
        length.setValue(needed);
        return ERROR_INSUFFICIENT_BUFFER;
      }
      buffer.setWideString(0, volume);
      length.setValue(needed);
      return S_OK;
    });
  }

  @Override
  public int ImportLayer(DriverInfo info, WString id, WString path, WcLayerDescriptor[] descriptors, int layerCount) {
    Recorded recorded = ledger.record("ImportLayer", info, id, path, descriptors, layerCount);
    return run(recorded, info, () -> {
      checkDescriptors("ImportLayer", descriptors, layerCount);
      return copy(Path.of(path.toString()), Path.of(id.toString()));
    });
  }

  @Override
  public int ExportLayer(DriverInfo info, WString id, WString path, WcLayerDescriptor[] descriptors, int layerCount) {
    Recorded recorded = ledger.record("ExportLayer", info, id, path, descriptors, layerCount);
    return run(recorded, info, () -> {
      checkDescriptors("ExportLayer", descriptors, layerCount);
      return copy(Path.of(id.toString()), Path.of(path.toString()));
    });
  }

  @Override
  public int DestroyLayer(DriverInfo info, WString id) {
    Recorded recorded = ledger.record("DestroyLayer", info, id);
    return run(recorded, info, () -> destroy(id.toString()));
  }

  @Override
  public int NameToGuid(WString name, Guid guid) {
    Recorded recorded = ledger.record("NameToGuid", name, "out");
    if (recorded.injection() != null) {
      return recorded.injection().hresult();
    }
    Guid value = nameToGuid(name.toString());
    guid.Data1 = value.Data1;
    guid.Data2 = value.Data2;
    guid.Data3 = value.Data3;
    guid.Data4 = value.Data4.clone();
    guid.write();
    return S_OK;
  }

  @Override
  public int ProcessBaseImage(WString path) {
    Recorded recorded = ledger.record("ProcessBaseImage", path);
    return run(recorded, null, () -> writeMarkers(Path.of(path.toString()), "blank-base.vhdx", "blank.vhdx"));
  }

  @Override
  public int ProcessUtilityImage(WString path) {
    Recorded recorded = ledger.record("ProcessUtilityImage", path);
    return run(recorded, null, () -> writeMarkers(Path.of(path.toString()), "SystemTemplateBase.vhdx", "SystemTemplate.vhdx"));
  }

  @Override
  public int GrantVmAccess(WString vmId, WString filePath) {
    Recorded recorded = ledger.record("GrantVmAccess", vmId, filePath);
    return run(recorded, null, () -> S_OK);
  }

  @Override
  public int HNSCall(WString method, WString path, WString request, PointerByReference response) {
    Recorded recorded = ledger.record("HNSCall", method, path, request, response);
    if (recorded.injection() != null) {
      response.setValue(ledger.allocate(recorded.injection().document(), Ledger.Free.CO_TASK_MEM_FREE, "HNSCall"));
      return recorded.injection().hresult();
    }
    String answer = network.hnsCall(String.valueOf(method), String.valueOf(path));
    if (answer == null) {
      answer = "{\"Success\":false,\"Error\":\"The fake does not serve " + method + " " + path + ".\",\"Output\":null}";
    }
    response.setValue(ledger.allocate(answer, Ledger.Free.CO_TASK_MEM_FREE, "HNSCall"));
    return S_OK;
  }

  // ---- computestorage

  @Override
  public int HcsImportLayer(WString layerPath, WString sourceFolderPath, WString layerData) {
    Recorded recorded = ledger.record("HcsImportLayer", layerPath, sourceFolderPath, layerData);
    return run(recorded, null, () -> validLayerData(layerData)
        ? copy(Path.of(sourceFolderPath.toString()), Path.of(layerPath.toString())) : E_INVALIDARG);
  }

  @Override
  public int HcsExportLayer(WString layerPath, WString exportFolderPath, WString layerData, WString options) {
    Recorded recorded = ledger.record("HcsExportLayer", layerPath, exportFolderPath, layerData, options);
    return run(recorded, null, () -> validLayerData(layerData)
        ? copy(Path.of(layerPath.toString()), Path.of(exportFolderPath.toString())) : E_INVALIDARG);
  }

  @Override
  public int HcsDestroyLayer(WString layerPath) {
    Recorded recorded = ledger.record("HcsDestroyLayer", layerPath);
    return run(recorded, null, () -> destroy(layerPath.toString()));
  }

  @Override
  public int HcsSetupBaseOSLayer(WString layerPath, Pointer vhdHandle, WString options) {
    Recorded recorded = ledger.record("HcsSetupBaseOSLayer", layerPath, vhdHandle, options);
    return run(recorded, null, () -> writeMarkers(Path.of(layerPath.toString()), "blank-base.vhdx", "blank.vhdx"));
  }

  @Override
  public int HcsSetupBaseOSVolume(WString layerPath, WString volumePath, WString options) {
    Recorded recorded = ledger.record("HcsSetupBaseOSVolume", layerPath, volumePath, options);
    return run(recorded, null, () -> S_OK);
  }

  @Override
  public int HcsInitializeWritableLayer(WString writableLayerPath, WString layerData, WString options) {
    Recorded recorded = ledger.record("HcsInitializeWritableLayer", writableLayerPath, layerData, options);
    return run(recorded, null, () -> validLayerData(layerData) ? S_OK : E_INVALIDARG);
  }

  @Override
  public int HcsInitializeLegacyWritableLayer(WString writableLayerMountPath, WString writableLayerFolderPath,
      WString layerData, WString options) {
    Recorded recorded = ledger.record("HcsInitializeLegacyWritableLayer", writableLayerMountPath,
        writableLayerFolderPath, layerData, options);
    return run(recorded, null, () -> validLayerData(layerData) ? S_OK : E_INVALIDARG);
  }

  @Override
  public int HcsAttachLayerStorageFilter(WString layerPath, WString layerData) {
    Recorded recorded = ledger.record("HcsAttachLayerStorageFilter", layerPath, layerData);
    return run(recorded, null, () -> validLayerData(layerData) ? S_OK : E_INVALIDARG);
  }

  @Override
  public int HcsDetachLayerStorageFilter(WString layerPath) {
    Recorded recorded = ledger.record("HcsDetachLayerStorageFilter", layerPath);
    return run(recorded, null, () -> S_OK);
  }

  @Override
  public int HcsFormatWritableLayerVhd(Pointer vhdHandle) {
    Recorded recorded = ledger.record("HcsFormatWritableLayerVhd", vhdHandle);
    return run(recorded, null, () -> S_OK);
  }

  @Override
  public int HcsGetLayerVhdMountPath(Pointer vhdHandle, PointerByReference mountPath) {
    Recorded recorded = ledger.record("HcsGetLayerVhdMountPath", vhdHandle, mountPath);
    return run(recorded, null, () -> {
      mountPath.setValue(ledger.allocate(volumeOf("vhd:" + Pointer.nativeValue(vhdHandle)) + "\\",
          Ledger.Free.LOCAL_FREE, "HcsGetLayerVhdMountPath"));
      return S_OK;
    });
  }

  // ---- helpers

  /** The fake's {@code NameToGuid}: any stable function of the name serves. */
  static Guid nameToGuid(String name) {
    return Guid.parse(UUID.nameUUIDFromBytes(("layer:" + name).getBytes(StandardCharsets.UTF_8)).toString());
  }

  private int run(Recorded recorded, DriverInfo info, IntSupplier body) {
    if (recorded.injection() != null) {
      return recorded.injection().hresult();
    }
    if (info != null && (info.Flavour != DriverInfo.FLAVOUR_FILTER || info.HomeDir == null
        || !info.HomeDir.toString().isEmpty())) {
      ledger.violation(recorded.call().function() + " was given " + recorded.call().args().get(0)
          + "; absolute layer paths need {Flavour = 1, HomeDir = \"\"} (§1.5)");
      return E_INVALIDARG;
    }
    try {
      return body.getAsInt();
    } catch (UncheckedIOException e) {
      return E_FAIL;
    }
  }

  private void checkDescriptors(String function, WcLayerDescriptor[] descriptors, int count) {
    int length = descriptors == null ? 0 : descriptors.length;
    if (length != count) {
      ledger.violation(function + " was given " + length + " layer descriptors but a count of " + count);
    }
    if (descriptors == null) {
      return;
    }
    for (WcLayerDescriptor descriptor : descriptors) {
      String path = String.valueOf(descriptor.Path);
      String name = Path.of(path).getFileName().toString();
      if (!descriptor.LayerId.equals(nameToGuid(name))) {
        ledger.violation(function + " descriptor for " + path + " has LayerId " + descriptor.LayerId
            + ", not NameToGuid(\"" + name + "\") (§1.5)");
      }
      if (descriptor.Flags != 0) {
        ledger.violation(function + " descriptor for " + path + " has Flags " + descriptor.Flags);
      }
    }
  }

  private int destroy(String layer) {
    if (isMounted(layer)) {
      ledger.violation("DestroyLayer of " + layer + " while it is still activated or prepared");
      return ERROR_BUSY;
    }
    Path dir = Path.of(layer);
    if (!Files.exists(dir)) {
      return S_OK;
    }
    io(() -> {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    });
    return S_OK;
  }

  private int copy(Path source, Path target) {
    if (!Files.isDirectory(source)) {
      return ERROR_PATH_NOT_FOUND;
    }
    io(() -> {
      try (Stream<Path> walk = Files.walk(source)) {
        for (Path path : walk.toList()) {
          Path destination = target.resolve(source.relativize(path).toString());
          if (Files.isDirectory(path)) {
            Files.createDirectories(destination);
          } else {
            Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    });
    return S_OK;
  }

  private int writeMarkers(Path dir, String... names) {
    if (!Files.isDirectory(dir)) {
      return ERROR_PATH_NOT_FOUND;
    }
    io(() -> {
      for (String name : names) {
        Files.writeString(dir.resolve(name), "fake " + name);
      }
    });
    return S_OK;
  }

  private boolean validLayerData(WString layerData) {
    if (layerData == null) {
      return true;
    }
    JsonNode data = Ledger.parse(layerData.toString());
    return data != null && data.path("Layers").isArray();
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void io(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Long enough for a second, unserialised PrepareLayer to overlap this one. */
  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

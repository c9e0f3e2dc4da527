package dev.coracle.hcs.storage;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.WString;
import com.sun.jna.ptr.LongByReference;
import dev.coracle.hcs.compute.HResult;
import dev.coracle.hcs.compute.HcsException;
import dev.coracle.hcs.nativeapi.DriverInfo;
import dev.coracle.hcs.nativeapi.Guid;
import dev.coracle.hcs.nativeapi.Natives;
import dev.coracle.hcs.nativeapi.VmCompute;
import dev.coracle.hcs.nativeapi.WcLayerDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Layers and scratch layers on disk, through vmcompute's graph-driver calls with absolute
 * layer paths (WINDOWS.md §1.5, §3). Parents are always given top-most first, base last;
 * paths reach Windows as {@code path.toString()}. Every failure is an {@link HcsException}
 * naming the vmcompute function. Thread-safe.
 */
public final class LayerStorage {

  /** hcsshim serialises {@code PrepareLayer} host-wide (§3); so does every instance here. */
  private static final ReentrantLock PREPARE_LOCK = new ReentrantLock();
  /** hcsshim's retry of activate + prepare: 5 attempts, 100 ms apart (§3). */
  private static final int MOUNT_ATTEMPTS = 5;
  private static final long MOUNT_RETRY_DELAY_MS = 100;

  private final VmCompute vmcompute;

  public LayerStorage(Natives natives) {
    this.vmcompute = Objects.requireNonNull(natives, "natives").vmCompute();
  }

  /**
   * Imports a non-base layer from a staging directory in the legacy layout ({@code Files\},
   * {@code Hives\}) into {@code layer}: vmcompute {@code ImportLayer} (§3). Each parent's
   * descriptor carries {@code NameToGuid} of its directory's name, which the image store makes
   * the layer's chain ID.
   */
  public void importLayer(Path layer, Path source, List<Path> parents) {
    WcLayerDescriptor[] descriptors = descriptors(parents);
    check("ImportLayer", vmcompute.ImportLayer(info(), path(layer), path(source), descriptors, parents.size()));
  }

  /**
   * Turns a directory holding an unpacked base layer into one: {@code ProcessBaseImage}, then
   * {@code ProcessUtilityImage} on its {@code UtilityVM} folder when it has one (§3).
   */
  public void setupBaseLayer(Path layer) {
    check("ProcessBaseImage", vmcompute.ProcessBaseImage(path(layer)));
    Path utilityVm = layer.resolve("UtilityVM");
    if (Files.isDirectory(utilityVm)) {
      check("ProcessUtilityImage", vmcompute.ProcessUtilityImage(path(utilityVm)));
    }
  }

  /** A container scratch layer in {@code dir} over {@code parents}: {@code CreateSandboxLayer} (§3). */
  public void createScratch(Path dir, List<Path> parents) {
    WcLayerDescriptor[] descriptors = descriptors(parents);
    check("CreateSandboxLayer", vmcompute.CreateSandboxLayer(info(), path(dir), null, descriptors, parents.size()));
  }

  /** Grows the scratch layer's {@code sandbox.vhdx} to {@code bytes}: {@code ExpandSandboxSize} (§8). */
  public void expandScratch(Path dir, long bytes) {
    check("ExpandSandboxSize", vmcompute.ExpandSandboxSize(info(), path(dir), bytes));
  }

  /**
   * Mounts a scratch layer over its parents: {@code ActivateLayer}, {@code PrepareLayer} (one
   * at a time host-wide), {@code GetLayerMountPath}. Returns the volume path with the
   * trailing backslash {@code Storage.Path} needs, {@code \\?\Volume{...}\} (§2a). Activate
   * and prepare are retried as hcsshim does on {@code ERROR_NOT_READY} and {@code
   * ERROR_DEVICE_NOT_CONNECTED}; whatever failure ends it, what was done is undone.
   */
  public String mountScratch(Path dir, List<Path> parents) {
    WcLayerDescriptor[] descriptors = descriptors(parents);
    for (int attempt = 1; ; attempt++) {
      try {
        activateAndPrepare(dir, descriptors, parents.size());
        break;
      } catch (HcsException e) {
        if (attempt == MOUNT_ATTEMPTS || !retryable(e.result())) {
          throw e;
        }
        pause();
      }
    }
    try {
      return withTrailingBackslash(mountPath(dir));
    } catch (RuntimeException e) {
      undo(e, () -> check("UnprepareLayer", vmcompute.UnprepareLayer(info(), path(dir))));
      undo(e, () -> check("DeactivateLayer", vmcompute.DeactivateLayer(info(), path(dir))));
      throw e;
    }
  }

  /**
   * {@code UnprepareLayer} then {@code DeactivateLayer}. A failed unprepare stops there, as in
   * hcsshim: deactivating a layer still prepared is out of order (§3).
   */
  public void unmountScratch(Path dir) {
    check("UnprepareLayer", vmcompute.UnprepareLayer(info(), path(dir)));
    check("DeactivateLayer", vmcompute.DeactivateLayer(info(), path(dir)));
  }

  /** Deletes a layer or scratch directory and what Windows keeps for it: {@code DestroyLayer}. */
  public void destroyLayer(Path dir) {
    check("DestroyLayer", vmcompute.DestroyLayer(info(), path(dir)));
  }

  /** The layer's ID: {@code NameToGuid} of the directory's base name (§1.5). */
  public Guid layerId(Path layer) {
    Guid guid = new Guid();
    check("NameToGuid", vmcompute.NameToGuid(new WString(layer.getFileName().toString()), guid));
    return guid;
  }

  private void activateAndPrepare(Path dir, WcLayerDescriptor[] descriptors, int count) {
    check("ActivateLayer", vmcompute.ActivateLayer(info(), path(dir)));
    try {
      PREPARE_LOCK.lock();
      try {
        check("PrepareLayer", vmcompute.PrepareLayer(info(), path(dir), descriptors, count));
      } finally {
        PREPARE_LOCK.unlock();
      }
    } catch (RuntimeException e) {
      undo(e, () -> check("DeactivateLayer", vmcompute.DeactivateLayer(info(), path(dir))));
      throw e;
    }
  }

  /** {@code GetLayerMountPath}'s two calls: the length in UTF-16 units, then the text (§1.5). */
  private String mountPath(Path dir) {
    LongByReference length = new LongByReference();
    check("GetLayerMountPath", vmcompute.GetLayerMountPath(info(), path(dir), length, null));
    if (length.getValue() <= 0) {
      throw new HcsException("GetLayerMountPath", HResult.of(HResult.E_FAIL), "no mount path for " + dir);
    }
    Memory buffer = new Memory((length.getValue() + 1) * Native.WCHAR_SIZE);
    buffer.clear();
    check("GetLayerMountPath", vmcompute.GetLayerMountPath(info(), path(dir), length, buffer));
    String mountPath = buffer.getWideString(0);
    if (mountPath.isEmpty()) {
      throw new HcsException("GetLayerMountPath", HResult.of(HResult.E_FAIL), "no mount path for " + dir);
    }
    return mountPath;
  }

  /** The parents as one contiguous descriptor array, or null for none. */
  private WcLayerDescriptor[] descriptors(List<Path> parents) {
    if (parents.isEmpty()) {
      return null;
    }
    WcLayerDescriptor[] descriptors = (WcLayerDescriptor[]) new WcLayerDescriptor().toArray(parents.size());
    for (int i = 0; i < parents.size(); i++) {
      Path parent = parents.get(i);
      descriptors[i].LayerId = layerId(parent);
      descriptors[i].Flags = 0;
      descriptors[i].Path = path(parent);
      descriptors[i].write();
    }
    return descriptors;
  }

  private static String withTrailingBackslash(String volume) {
    return volume.endsWith("\\") ? volume : volume + "\\";
  }

  private static boolean retryable(HResult result) {
    return result.code() == HResult.ERROR_NOT_READY || result.code() == HResult.ERROR_DEVICE_NOT_CONNECTED;
  }

  private static void pause() {
    try {
      Thread.sleep(MOUNT_RETRY_DELAY_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while mounting a scratch layer", e);
    }
  }

  /** Runs one undo step; its failure is attached to the original one rather than hiding it. */
  private static void undo(RuntimeException original, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      original.addSuppressed(e);
    }
  }

  private static void check(String function, int hr) {
    if (hr < 0) {
      throw new HcsException(function, HResult.of(hr), "");
    }
  }

  private static DriverInfo info() {
    return DriverInfo.absolutePaths();
  }

  private static WString path(Path path) {
    return new WString(path.toString());
  }
}

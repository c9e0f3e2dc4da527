package dev.coracle.hcs.compute;

import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.hcs.nativeapi.ComputeCore;
import dev.coracle.hcs.nativeapi.Natives;
import dev.coracle.hcs.nativeapi.WideStrings;
import java.time.Duration;
import java.util.Objects;

/**
 * The Host Compute Service: compute systems and the service itself, over {@code
 * computecore.dll} with the operation model of WINDOWS.md §1.3. Every failure is an {@link
 * HcsException} carrying the HRESULT and the result document; every waited call is bounded by
 * the default timeout given here. Thread-safe.
 */
public final class Hcs {

  private final ComputeCore core;
  private final Natives natives;
  private final Operations operations;

  /**
   * @param natives the bindings ({@link Natives#load()} on Windows, the fake elsewhere)
   * @param defaultTimeout the bound of every wait on an operation
   */
  public Hcs(Natives natives, Duration defaultTimeout) {
    this.natives = Objects.requireNonNull(natives, "natives");
    this.core = natives.computeCore();
    this.operations = new Operations(core, natives.kernel32(), Objects.requireNonNull(defaultTimeout, "defaultTimeout"));
  }

  /**
   * {@code HcsCreateComputeSystem} from a schema v2 {@code ComputeSystem} document (§2a, §2b).
   * The system is created, not started. If creation fails, the handle HCS may already have
   * returned is closed before the exception leaves; if it times out, the handle is closed
   * once the creation has finished after all (§1.1), which with {@code
   * ShouldTerminateOnLastHandleClosed} also ends the system.
   */
  public HcsSystem create(String id, String configurationJson) {
    PointerByReference handle = new PointerByReference();
    try {
      operations.run("HcsCreateComputeSystem",
          op -> core.HcsCreateComputeSystem(new WString(id), new WString(configurationJson), op, null, handle),
          late -> closeIfSet(handle));
    } catch (HcsException e) {
      if (e.result().code() != HResult.HCS_E_OPERATION_TIMEOUT) {
        closeIfSet(handle);
      }
      throw e;
    } catch (RuntimeException e) {
      closeIfSet(handle);
      throw e;
    }
    return new HcsSystem(id, handle.getValue(), natives, operations);
  }

  private void closeIfSet(PointerByReference handle) {
    if (handle.getValue() != null) {
      core.HcsCloseComputeSystem(handle.getValue());
    }
  }

  /** {@code HcsOpenComputeSystem} with {@code GENERIC_ALL}: a new handle to an existing system. */
  public HcsSystem open(String id) {
    PointerByReference handle = new PointerByReference();
    int hr = core.HcsOpenComputeSystem(new WString(id), ComputeCore.GENERIC_ALL, handle);
    if (hr < 0) {
      throw new HcsException("HcsOpenComputeSystem", HResult.of(hr), "");
    }
    return new HcsSystem(id, handle.getValue(), natives, operations);
  }

  /**
   * {@code HcsEnumerateComputeSystems} with a {@code SystemQuery} ({@code {"Ids","Names",
   * "Types","Owners"}}, §2d; null for all): the JSON array of {@code Properties}.
   */
  public String enumerate(String systemQueryJson) {
    WString query = systemQueryJson == null ? null : new WString(systemQueryJson);
    return operations.run("HcsEnumerateComputeSystems", op -> core.HcsEnumerateComputeSystems(query, op));
  }

  /** {@code HcsGetServiceProperties}, e.g. {@code {"PropertyTypes":["Basic"]}} (§2d, §7): the properties JSON. */
  public String serviceProperties(String queryJson) {
    PointerByReference result = new PointerByReference();
    int hr = core.HcsGetServiceProperties(queryJson == null ? null : new WString(queryJson), result);
    String document = WideStrings.takeLocal(natives.kernel32(), result);
    if (hr < 0) {
      throw new HcsException("HcsGetServiceProperties", HResult.of(hr), document);
    }
    return document;
  }

  /** {@code HcsModifyServiceSettings} with a {@code ModificationRequest}, e.g. a credential guard instance (§7). */
  public void modifyServiceSettings(String json) {
    PointerByReference result = new PointerByReference();
    int hr = core.HcsModifyServiceSettings(new WString(json), result);
    String document = WideStrings.takeLocal(natives.kernel32(), result);
    if (hr < 0) {
      throw new HcsException("HcsModifyServiceSettings", HResult.of(hr), document);
    }
  }

  /** {@code HcsGrantVmAccess}: lets the VM's account open {@code path}, e.g. a scratch VHDX (§2b). */
  public void grantVmAccess(String vmId, String path) {
    int hr = core.HcsGrantVmAccess(new WString(vmId), new WString(path));
    if (hr < 0) {
      throw new HcsException("HcsGrantVmAccess", HResult.of(hr), "");
    }
  }

  /** {@code HcsGrantVmGroupAccess}: lets every VM's account open {@code path} (§3, base layer VHDs). */
  public void grantVmGroupAccess(String path) {
    int hr = core.HcsGrantVmGroupAccess(new WString(path));
    if (hr < 0) {
      throw new HcsException("HcsGrantVmGroupAccess", HResult.of(hr), "");
    }
  }
}

package dev.coracle.hcs.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The graph-driver layer calls and {@code HNSCall} of the legacy, undocumented {@code
 * vmcompute.dll} (WINDOWS.md §1.5), which containerd's and hcsshim's process-isolation layer
 * code still uses. Every result is an HRESULT. {@code id} is an absolute layer directory with
 * {@link DriverInfo#absolutePaths()}; a descriptor array is contiguous (or null with count 0),
 * top-most parent first, base last (§3). vmcompute's HCS v1 functions share names with
 * computecore's but not signatures, and are not bound.
 */
public interface VmCompute extends StdCallLibrary {

  int ActivateLayer(DriverInfo info, WString id);

  int DeactivateLayer(DriverInfo info, WString id);

  int PrepareLayer(DriverInfo info, WString id, WcLayerDescriptor[] layers, int layerCount);

  int UnprepareLayer(DriverInfo info, WString id);

  int CreateSandboxLayer(DriverInfo info, WString id, WString parentId, WcLayerDescriptor[] layers, int layerCount);

  int ExpandSandboxSize(DriverInfo info, WString id, long size);

  /**
   * Call twice: with a null {@code buffer} to learn the length in UTF-16 units (including the
   * terminating NUL), then with a buffer of that many wide characters. {@code SIZE_T*} is
   * 64 bits on x64.
   */
  int GetLayerMountPath(DriverInfo info, WString id, LongByReference length, Pointer buffer);

  int ImportLayer(DriverInfo info, WString id, WString path, WcLayerDescriptor[] layers, int layerCount);

  int ExportLayer(DriverInfo info, WString id, WString path, WcLayerDescriptor[] layers, int layerCount);

  int DestroyLayer(DriverInfo info, WString id);

  int NameToGuid(WString name, Guid guid);

  int ProcessBaseImage(WString path);

  int ProcessUtilityImage(WString path);

  int GrantVmAccess(WString vmId, WString filePath);

  /**
   * HNS v1 REST over a function call; the response is JSON {@code {"Success","Error","Output"}}
   * which the caller frees with {@code CoTaskMemFree}, as hcsshim does (WINDOWS.md §1.1, §4).
   */
  int HNSCall(WString method, WString path, WString request, PointerByReference response);
}

package dev.coracle.hcs.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * {@code computestorage.dll}, the documented layer and scratch API (WINDOWS.md §1.5). Every
 * result is an HRESULT; {@code layerData} is {@code {"SchemaVersion":{"Major":2,"Minor":1},
 * "Layers":[{"Id","Path"}]}}; the one {@code PWSTR*} result is freed with {@code LocalFree}.
 * {@code HcsSetupBaseOSVolume} exists from Server 2022 only.
 */
public interface ComputeStorage extends StdCallLibrary {

  int HcsImportLayer(WString layerPath, WString sourceFolderPath, WString layerData);

  int HcsExportLayer(WString layerPath, WString exportFolderPath, WString layerData, WString options);

  int HcsDestroyLayer(WString layerPath);

  int HcsSetupBaseOSLayer(WString layerPath, Pointer vhdHandle, WString options);

  int HcsSetupBaseOSVolume(WString layerPath, WString volumePath, WString options);

  int HcsInitializeWritableLayer(WString writableLayerPath, WString layerData, WString options);

  int HcsInitializeLegacyWritableLayer(WString writableLayerMountPath, WString writableLayerFolderPath,
      WString layerData, WString options);

  int HcsAttachLayerStorageFilter(WString layerPath, WString layerData);

  int HcsDetachLayerStorageFilter(WString layerPath);

  int HcsFormatWritableLayerVhd(Pointer vhdHandle);

  int HcsGetLayerVhdMountPath(Pointer vhdHandle, PointerByReference mountPath);
}

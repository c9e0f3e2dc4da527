package dev.coracle.hcs.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * {@code computenetwork.dll}, HCN (WINDOWS.md §1.6). Every result is an HRESULT; every call
 * but the closes ends with a {@code PWSTR* errorRecord}. All {@code PWSTR*} results,
 * including the error record, are freed with {@code CoTaskMemFree} (§1.1). A non-empty error
 * record is a failure even when the HRESULT is {@code S_OK} (§1.4). {@code REFGUID}
 * parameters take a {@link Guid}, passed by reference.
 */
public interface ComputeNetwork extends StdCallLibrary {

  int HcnEnumerateNetworks(WString query, PointerByReference networks, PointerByReference errorRecord);

  int HcnOpenNetwork(Guid id, PointerByReference network, PointerByReference errorRecord);

  int HcnQueryNetworkProperties(Pointer network, WString query, PointerByReference properties,
      PointerByReference errorRecord);

  int HcnCloseNetwork(Pointer network);

  int HcnCreateNamespace(Guid id, WString settings, PointerByReference namespace, PointerByReference errorRecord);

  int HcnOpenNamespace(Guid id, PointerByReference namespace, PointerByReference errorRecord);

  int HcnModifyNamespace(Pointer namespace, WString settings, PointerByReference errorRecord);

  int HcnQueryNamespaceProperties(Pointer namespace, WString query, PointerByReference properties,
      PointerByReference errorRecord);

  int HcnDeleteNamespace(Guid id, PointerByReference errorRecord);

  int HcnCloseNamespace(Pointer namespace);

  int HcnEnumerateNamespaces(WString query, PointerByReference namespaces, PointerByReference errorRecord);

  int HcnCreateEndpoint(Pointer network, Guid id, WString settings, PointerByReference endpoint,
      PointerByReference errorRecord);

  int HcnOpenEndpoint(Guid id, PointerByReference endpoint, PointerByReference errorRecord);

  int HcnQueryEndpointProperties(Pointer endpoint, WString query, PointerByReference properties,
      PointerByReference errorRecord);

  int HcnDeleteEndpoint(Guid id, PointerByReference errorRecord);

  int HcnCloseEndpoint(Pointer endpoint);

  int HcnEnumerateEndpoints(WString query, PointerByReference endpoints, PointerByReference errorRecord);
}

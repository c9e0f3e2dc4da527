package dev.coracle.hcs.document;

import dev.coracle.core.error.InternalException;
import dev.coracle.hcs.schema.HcsJson;
import dev.coracle.hcs.schema.HostComputeNamespace;
import dev.coracle.hcs.schema.HostComputeQuery;
import dev.coracle.hcs.schema.ModifyNamespaceSettingRequest;
import dev.coracle.hcs.schema.NamespaceEndpointSettings;
import dev.coracle.hcs.schema.SchemaVersion;
import java.util.List;
import java.util.Map;

/**
 * HCN documents of a pod's network namespace (WINDOWS.md §4): one Host namespace per pod, created
 * before CNI ADD with the zero GUID so HNS picks its ID, endpoints attached and detached by ID.
 */
public final class NamespaceDocuments {

  private NamespaceDocuments() {}

  /** The settings of {@code HcnCreateNamespace}: a Host namespace, HCN schema 2.0. */
  public static HostComputeNamespace createNamespace() {
    return new HostComputeNamespace(null, null, "Host", null, SchemaVersion.HCN);
  }

  /** The {@code HcnModifyNamespace} settings that attach an endpoint. */
  public static ModifyNamespaceSettingRequest addEndpoint(String endpointId) {
    return endpoint("Add", endpointId);
  }

  /** The {@code HcnModifyNamespace} settings that detach an endpoint. */
  public static ModifyNamespaceSettingRequest removeEndpoint(String endpointId) {
    return endpoint("Remove", endpointId);
  }

  /** An HCN query for one object by GUID (WINDOWS.md §1.6). */
  public static HostComputeQuery byId(String guid) {
    Inputs.requireText(guid, "HCN object id");
    return new HostComputeQuery(SchemaVersion.HCN, 0, HcsJson.write(Map.of("ID", guid)));
  }

  /** The namespace's GUID from {@code HcnQueryNamespaceProperties}. */
  public static String namespaceId(String propertiesJson) {
    HostComputeNamespace ns = HcsJson.read(propertiesJson, HostComputeNamespace.class);
    if (ns.id() == null || ns.id().isBlank()) {
      throw new InternalException("HCN namespace properties carry no ID: " + propertiesJson);
    }
    return ns.id();
  }

  /** The endpoints attached to the namespace, from {@code HcnQueryNamespaceProperties}. */
  public static List<String> endpointIds(String propertiesJson) {
    HostComputeNamespace ns = HcsJson.read(propertiesJson, HostComputeNamespace.class);
    if (ns.resources() == null) {
      return List.of();
    }
    return ns.resources().stream()
        .filter(
            r -> "Endpoint".equalsIgnoreCase(r.type()) && r.data() != null && r.data().id() != null)
        .map(r -> r.data().id())
        .toList();
  }

  private static ModifyNamespaceSettingRequest endpoint(String requestType, String endpointId) {
    Inputs.requireText(endpointId, "endpoint id");
    return new ModifyNamespaceSettingRequest(
        "Endpoint", requestType, new NamespaceEndpointSettings(endpointId));
  }
}

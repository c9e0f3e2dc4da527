package dev.coracle.hcs.fake;

import static dev.coracle.hcs.compute.HResult.E_HANDLE;
import static dev.coracle.hcs.compute.HResult.ERROR_NOT_FOUND;
import static dev.coracle.hcs.compute.HResult.HCN_E_ENDPOINT_ALREADY_ATTACHED;
import static dev.coracle.hcs.compute.HResult.HCN_E_ENDPOINT_NOT_FOUND;
import static dev.coracle.hcs.compute.HResult.HCN_E_INVALID_JSON;
import static dev.coracle.hcs.compute.HResult.HCN_E_NETWORK_NOT_FOUND;
import static dev.coracle.hcs.compute.HResult.S_OK;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.hcs.fake.Ledger.Free;
import dev.coracle.hcs.fake.Ledger.Kind;
import dev.coracle.hcs.fake.Ledger.Recorded;
import dev.coracle.hcs.nativeapi.ComputeNetwork;
import dev.coracle.hcs.nativeapi.Guid;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * The fake {@code computenetwork.dll}: HCN networks, endpoints and namespaces in memory
 * (WINDOWS.md §1.6, §4), with HRESULT and error-record failures, and the endpoint counters
 * vmcompute's {@code HNSCall} serves.
 */
final class FakeNetwork implements ComputeNetwork {

  private static final int ERROR_ALREADY_EXISTS = 0x800700B7;

  private static final class Namespace {
    final String id;
    final String type;
    final int compartment;
    final Set<String> endpoints = new LinkedHashSet<>();

    Namespace(String id, String type, int compartment) {
      this.id = id;
      this.type = type;
      this.compartment = compartment;
    }
  }

  /** What an HCN handle names; the object may be deleted while the handle is open. */
  private record Ref(String id) {
  }

  private final Ledger ledger;
  private final Map<String, ObjectNode> networks = new LinkedHashMap<>();
  private final Map<String, ObjectNode> endpoints = new LinkedHashMap<>();
  private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
  private final Map<String, Long> samples = new LinkedHashMap<>();
  private int nextCompartment = 2;

  FakeNetwork(Ledger ledger) {
    this.ledger = ledger;
  }

  // ---- test-facing

  synchronized String addNetwork(String name, String type) {
    String id = UUID.randomUUID().toString();
    ObjectNode network = Ledger.JSON.createObjectNode().put("ID", id).put("Name", name).put("Type", type);
    network.putObject("SchemaVersion").put("Major", 2).put("Minor", 0);
    networks.put(id, network);
    return id;
  }

  synchronized String addEndpoint(String networkId, String name) {
    String id = UUID.randomUUID().toString();
    ObjectNode endpoint = Ledger.JSON.createObjectNode().put("ID", id).put("Name", name)
        .put("HostComputeNetwork", networkId);
    endpoint.putObject("SchemaVersion").put("Major", 2).put("Minor", 0);
    endpoints.put(id, endpoint);
    return id;
  }

  synchronized Set<String> namespaceIds() {
    return Set.copyOf(namespaces.keySet());
  }

  /** The response of {@code HNSCall}, or null when the fake does not serve that request. */
  synchronized String hnsCall(String method, String path) {
    String prefix = "/endpointstats/";
    if (!method.equalsIgnoreCase("GET") || !path.toLowerCase().startsWith(prefix)) {
      return null;
    }
    String id = path.substring(prefix.length()).toLowerCase();
    ObjectNode response = Ledger.JSON.createObjectNode();
    if (!endpoints.containsKey(id)) {
      return response.put("Success", false).put("Error", "Element not found.").putNull("Output").toString();
    }
    long sample = samples.merge(id, 1L, Long::sum);
    response.put("Success", true).put("Error", "");
    response.putObject("Output")
        .put("BytesReceived", sample * 1500).put("BytesSent", sample * 1000)
        .put("DroppedPacketsIncoming", 0).put("DroppedPacketsOutgoing", 0)
        .put("PacketsReceived", sample * 10).put("PacketsSent", sample * 8)
        .put("EndpointId", id).put("InstanceId", id);
    return response.toString();
  }

  // ---- networks

  @Override
  public int HcnEnumerateNetworks(WString query, PointerByReference networksOut, PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnEnumerateNetworks", query, networksOut, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      synchronized (this) {
        networksOut.setValue(allocate(ids(networks.keySet()), "HcnEnumerateNetworks"));
      }
      return S_OK;
    });
  }

  @Override
  public int HcnOpenNetwork(Guid id, PointerByReference network, PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnOpenNetwork", id, network, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      synchronized (this) {
        if (!networks.containsKey(id.toString())) {
          return error(errorRecord, HCN_E_NETWORK_NOT_FOUND, "Network " + id + " not found.");
        }
      }
      network.setValue(ledger.open(Kind.NETWORK, new Ref(id.toString()), "HcnOpenNetwork"));
      return S_OK;
    });
  }

  @Override
  public int HcnQueryNetworkProperties(Pointer network, WString query, PointerByReference properties,
      PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnQueryNetworkProperties", network, query, properties, errorRecord);
    return hcn(recorded, errorRecord, () -> query(network, Kind.NETWORK, networks, properties, errorRecord,
        "HcnQueryNetworkProperties", HCN_E_NETWORK_NOT_FOUND));
  }

  @Override
  public int HcnCloseNetwork(Pointer network) {
    ledger.record("HcnCloseNetwork", network);
    return ledger.close(network, Kind.NETWORK, "HcnCloseNetwork") == null ? E_HANDLE : S_OK;
  }

  // ---- namespaces

  @Override
  public int HcnCreateNamespace(Guid id, WString settings, PointerByReference namespace, PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnCreateNamespace", id, settings, namespace, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      JsonNode document = settings == null ? null : Ledger.parse(settings.toString());
      if (document == null || !document.isObject()) {
        return error(errorRecord, HCN_E_INVALID_JSON, "Invalid JSON document string.");
      }
      String guid = !id.equals(Guid.ZERO) ? id.toString()
          : document.hasNonNull("ID") ? Guid.parse(document.get("ID").asText()).toString() : UUID.randomUUID().toString();
      synchronized (this) {
        if (namespaces.containsKey(guid)) {
          return error(errorRecord, ERROR_ALREADY_EXISTS, "Cannot create a file when that file already exists.");
        }
        namespaces.put(guid, new Namespace(guid, document.path("Type").asText("Host"), nextCompartment++));
      }
      namespace.setValue(ledger.open(Kind.NAMESPACE, new Ref(guid), "HcnCreateNamespace"));
      return S_OK;
    });
  }

  @Override
  public int HcnOpenNamespace(Guid id, PointerByReference namespace, PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnOpenNamespace", id, namespace, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      synchronized (this) {
        if (!namespaces.containsKey(id.toString())) {
          return error(errorRecord, ERROR_NOT_FOUND, "Element not found.");
        }
      }
      namespace.setValue(ledger.open(Kind.NAMESPACE, new Ref(id.toString()), "HcnOpenNamespace"));
      return S_OK;
    });
  }

  @Override
  public int HcnModifyNamespace(Pointer namespace, WString settings, PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnModifyNamespace", namespace, settings, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      Ref ref = ledger.target(namespace, Kind.NAMESPACE, "HcnModifyNamespace", Ref.class);
      if (ref == null) {
        return E_HANDLE;
      }
      JsonNode request = settings == null ? null : Ledger.parse(settings.toString());
      if (request == null || !request.path("ResourceType").asText().equals("Endpoint")) {
        return error(errorRecord, HCN_E_INVALID_JSON, "Invalid JSON document string.");
      }
      String endpoint = request.path("Settings").path("EndpointId").asText().toLowerCase();
      synchronized (this) {
        Namespace target = namespaces.get(ref.id());
        if (target == null) {
          return error(errorRecord, ERROR_NOT_FOUND, "Element not found.");
        }
        if (!endpoints.containsKey(endpoint)) {
          return error(errorRecord, HCN_E_ENDPOINT_NOT_FOUND, "Endpoint " + endpoint + " not found.");
        }
        switch (request.path("RequestType").asText()) {
          case "Add" -> {
            if (!target.endpoints.add(endpoint)) {
              return error(errorRecord, HCN_E_ENDPOINT_ALREADY_ATTACHED, "The endpoint is already attached.");
            }
            endpoints.get(endpoint).put("HostComputeNamespace", target.id);
          }
          case "Remove" -> {
            if (!target.endpoints.remove(endpoint)) {
              return error(errorRecord, ERROR_NOT_FOUND, "Element not found.");
            }
            endpoints.get(endpoint).remove("HostComputeNamespace");
          }
          default -> {
            return error(errorRecord, HCN_E_INVALID_JSON, "Unknown RequestType.");
          }
        }
      }
      return S_OK;
    });
  }

  @Override
  public int HcnQueryNamespaceProperties(Pointer namespace, WString query, PointerByReference properties,
      PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnQueryNamespaceProperties", namespace, query, properties, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      Ref ref = ledger.target(namespace, Kind.NAMESPACE, "HcnQueryNamespaceProperties", Ref.class);
      if (ref == null) {
        return E_HANDLE;
      }
      synchronized (this) {
        Namespace target = namespaces.get(ref.id());
        if (target == null) {
          return error(errorRecord, ERROR_NOT_FOUND, "Element not found.");
        }
        ObjectNode document = Ledger.JSON.createObjectNode();
        document.put("ID", target.id).put("NamespaceId", target.compartment).put("Type", target.type);
        ArrayNode resources = document.putArray("Resources");
        target.endpoints.forEach(ep -> resources.addObject().put("Type", "Endpoint").putObject("Data").put("ID", ep));
        document.putObject("SchemaVersion").put("Major", 2).put("Minor", 0);
        properties.setValue(allocate(document.toString(), "HcnQueryNamespaceProperties"));
      }
      return S_OK;
    });
  }

  @Override
  public int HcnDeleteNamespace(Guid id, PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnDeleteNamespace", id, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      synchronized (this) {
        Namespace removed = namespaces.remove(id.toString());
        if (removed == null) {
          return error(errorRecord, ERROR_NOT_FOUND, "Element not found.");
        }
        removed.endpoints.forEach(ep -> endpoints.get(ep).remove("HostComputeNamespace"));
      }
      return S_OK;
    });
  }

  @Override
  public int HcnCloseNamespace(Pointer namespace) {
    ledger.record("HcnCloseNamespace", namespace);
    return ledger.close(namespace, Kind.NAMESPACE, "HcnCloseNamespace") == null ? E_HANDLE : S_OK;
  }

  @Override
  public int HcnEnumerateNamespaces(WString query, PointerByReference namespacesOut, PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnEnumerateNamespaces", query, namespacesOut, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      synchronized (this) {
        namespacesOut.setValue(allocate(ids(namespaces.keySet()), "HcnEnumerateNamespaces"));
      }
      return S_OK;
    });
  }

  // ---- endpoints

  @Override
  public int HcnCreateEndpoint(Pointer network, Guid id, WString settings, PointerByReference endpoint,
      PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnCreateEndpoint", network, id, settings, endpoint, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      Ref net = ledger.target(network, Kind.NETWORK, "HcnCreateEndpoint", Ref.class);
      if (net == null) {
        return E_HANDLE;
      }
      JsonNode document = settings == null ? null : Ledger.parse(settings.toString());
      if (document == null || !document.isObject()) {
        return error(errorRecord, HCN_E_INVALID_JSON, "Invalid JSON document string.");
      }
      String guid = id.equals(Guid.ZERO) ? UUID.randomUUID().toString() : id.toString();
      ObjectNode stored = ((ObjectNode) document).deepCopy();
      stored.put("ID", guid).put("HostComputeNetwork", net.id());
      synchronized (this) {
        endpoints.put(guid, stored);
      }
      endpoint.setValue(ledger.open(Kind.ENDPOINT, new Ref(guid), "HcnCreateEndpoint"));
      return S_OK;
    });
  }

  @Override
  public int HcnOpenEndpoint(Guid id, PointerByReference endpoint, PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnOpenEndpoint", id, endpoint, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      synchronized (this) {
        if (!endpoints.containsKey(id.toString())) {
          return error(errorRecord, HCN_E_ENDPOINT_NOT_FOUND, "Endpoint " + id + " not found.");
        }
      }
      endpoint.setValue(ledger.open(Kind.ENDPOINT, new Ref(id.toString()), "HcnOpenEndpoint"));
      return S_OK;
    });
  }

  @Override
  public int HcnQueryEndpointProperties(Pointer endpoint, WString query, PointerByReference properties,
      PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnQueryEndpointProperties", endpoint, query, properties, errorRecord);
    return hcn(recorded, errorRecord, () -> query(endpoint, Kind.ENDPOINT, endpoints, properties, errorRecord,
        "HcnQueryEndpointProperties", HCN_E_ENDPOINT_NOT_FOUND));
  }

  @Override
  public int HcnDeleteEndpoint(Guid id, PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnDeleteEndpoint", id, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      synchronized (this) {
        if (endpoints.remove(id.toString()) == null) {
          return error(errorRecord, HCN_E_ENDPOINT_NOT_FOUND, "Endpoint " + id + " not found.");
        }
        namespaces.values().forEach(ns -> ns.endpoints.remove(id.toString()));
      }
      return S_OK;
    });
  }

  @Override
  public int HcnCloseEndpoint(Pointer endpoint) {
    ledger.record("HcnCloseEndpoint", endpoint);
    return ledger.close(endpoint, Kind.ENDPOINT, "HcnCloseEndpoint") == null ? E_HANDLE : S_OK;
  }

  @Override
  public int HcnEnumerateEndpoints(WString query, PointerByReference endpointsOut, PointerByReference errorRecord) {
    Recorded recorded = ledger.record("HcnEnumerateEndpoints", query, endpointsOut, errorRecord);
    return hcn(recorded, errorRecord, () -> {
      synchronized (this) {
        endpointsOut.setValue(allocate(ids(endpoints.keySet()), "HcnEnumerateEndpoints"));
      }
      return S_OK;
    });
  }

  // ---- helpers

  /** Runs the call, or its scripted failure: the HRESULT plus the document as error record (even with S_OK, §1.4). */
  private int hcn(Recorded recorded, PointerByReference errorRecord, IntSupplier body) {
    if (recorded.injection() != null) {
      String document = recorded.injection().document();
      if (document != null && errorRecord != null) {
        errorRecord.setValue(allocate(document, recorded.call().function()));
      }
      return recorded.injection().hresult();
    }
    return body.getAsInt();
  }

  private int query(Pointer handle, Kind kind, Map<String, ObjectNode> objects, PointerByReference properties,
      PointerByReference errorRecord, String function, int notFound) {
    Ref ref = ledger.target(handle, kind, function, Ref.class);
    if (ref == null) {
      return E_HANDLE;
    }
    synchronized (this) {
      ObjectNode object = objects.get(ref.id());
      if (object == null) {
        return error(errorRecord, notFound, "Element not found.");
      }
      properties.setValue(allocate(object.toString(), function));
    }
    return S_OK;
  }

  /** An HCN error record {@code {"Success":false,"Error","ErrorCode"}} with the failing HRESULT. */
  private int error(PointerByReference errorRecord, int hresult, String message) {
    ObjectNode record = Ledger.JSON.createObjectNode().put("Success", false).put("Error", message)
        .put("ErrorCode", Integer.toUnsignedLong(hresult));
    errorRecord.setValue(allocate(record.toString(), "computenetwork"));
    return hresult;
  }

  private Pointer allocate(String text, String function) {
    return ledger.allocate(text, Free.CO_TASK_MEM_FREE, function);
  }

  private static String ids(Set<String> ids) {
    ArrayNode array = Ledger.JSON.createArrayNode();
    ids.forEach(array::add);
    return array.toString();
  }
}

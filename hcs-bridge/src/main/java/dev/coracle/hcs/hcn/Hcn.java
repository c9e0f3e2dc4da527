package dev.coracle.hcs.hcn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.hcs.compute.HResult;
import dev.coracle.hcs.compute.HcsException;
import dev.coracle.hcs.nativeapi.ComputeNetwork;
import dev.coracle.hcs.nativeapi.Guid;
import dev.coracle.hcs.nativeapi.Natives;
import dev.coracle.hcs.nativeapi.WideStrings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Host Compute Network: the pod's network namespace and its endpoints (WINDOWS.md §1.6, §4).
 * A call fails when its HRESULT is negative or when it returns a non-empty error record, even
 * with {@code S_OK}, as hcsshim treats it (§1.4); both surface as {@link HcsException}. Every
 * returned string is freed with {@code CoTaskMemFree} and every handle opened here is closed
 * before the method returns. Thread-safe.
 */
public final class Hcn {

  /** The default HCN query (hcsshim's {@code defaultQuery}): schema 2.0, no flags, no filter. */
  static final String DEFAULT_QUERY = "{\"SchemaVersion\":{\"Major\":2,\"Minor\":0},\"Flags\":0}";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ComputeNetwork network;
  private final Natives natives;

  public Hcn(Natives natives) {
    this.natives = Objects.requireNonNull(natives, "natives");
    this.network = natives.computeNetwork();
  }

  /**
   * {@code HcnCreateNamespace} with the zero GUID, so the document's {@code ID} or HNS picks
   * it (§4), e.g. {@code {"Type":"Host","SchemaVersion":{"Major":2,"Minor":0}}}; then {@code
   * HcnQueryNamespaceProperties}: the namespace's properties, whose {@code ID} names it.
   */
  public String createNamespace(String settingsJson) {
    PointerByReference namespace = new PointerByReference();
    call("HcnCreateNamespace", err -> network.HcnCreateNamespace(new Guid(), new WString(settingsJson), namespace, err));
    try {
      return query("HcnQueryNamespaceProperties", namespace.getValue(), network::HcnQueryNamespaceProperties);
    } finally {
      network.HcnCloseNamespace(namespace.getValue());
    }
  }

  /** {@code HcnOpenNamespace} + {@code HcnQueryNamespaceProperties}: the properties JSON. */
  public String namespaceProperties(String guid) {
    Pointer namespace = openNamespace(guid);
    try {
      return query("HcnQueryNamespaceProperties", namespace, network::HcnQueryNamespaceProperties);
    } finally {
      network.HcnCloseNamespace(namespace);
    }
  }

  /** Attaches an endpoint: {@code HcnModifyNamespace} {@code {"ResourceType":"Endpoint","RequestType":"Add",...}} (§4). */
  public void addNamespaceEndpoint(String namespaceGuid, String endpointGuid) {
    modifyNamespaceEndpoint(namespaceGuid, endpointGuid, "Add");
  }

  /** Detaches an endpoint: the same request with {@code "RequestType":"Remove"}. */
  public void removeNamespaceEndpoint(String namespaceGuid, String endpointGuid) {
    modifyNamespaceEndpoint(namespaceGuid, endpointGuid, "Remove");
  }

  /** {@code HcnDeleteNamespace}; a namespace that is already gone counts as success (§4). */
  public void deleteNamespace(String guid) {
    Guid id = Guid.parse(guid);
    try {
      call("HcnDeleteNamespace", err -> network.HcnDeleteNamespace(id, err));
    } catch (HcsException e) {
      if (!e.result().isNotFound()) {
        throw e;
      }
    }
  }

  /** {@code HcnOpenEndpoint} + {@code HcnQueryEndpointProperties}: the endpoint document (§4). */
  public String endpointProperties(String guid) {
    Guid id = Guid.parse(guid);
    PointerByReference endpoint = new PointerByReference();
    call("HcnOpenEndpoint", err -> network.HcnOpenEndpoint(id, endpoint, err));
    try {
      return query("HcnQueryEndpointProperties", endpoint.getValue(), network::HcnQueryEndpointProperties);
    } finally {
      network.HcnCloseEndpoint(endpoint.getValue());
    }
  }

  /**
   * The endpoint's counters through vmcompute {@code HNSCall("GET", "/endpointstats/<id>")}
   * (§4): the {@code Output} object as JSON ({@code BytesReceived}, {@code BytesSent}, ...).
   * A response with {@code "Success": false} is an {@link HcsException} with {@code E_FAIL}.
   */
  public String endpointStats(String endpointGuid) {
    String path = "/endpointstats/" + Guid.parse(endpointGuid);
    PointerByReference response = new PointerByReference();
    int hr = natives.vmCompute().HNSCall(new WString("GET"), new WString(path), new WString(""), response);
    String text = WideStrings.takeCoTask(natives.ole32(), response);
    if (hr < 0) {
      throw new HcsException("HNSCall GET " + path, HResult.of(hr), text);
    }
    JsonNode document = parse("HNSCall GET " + path, text);
    if (!document.path("Success").asBoolean(false)) {
      throw new HcsException("HNSCall GET " + path, HResult.of(HResult.E_FAIL), text);
    }
    return document.path("Output").toString();
  }

  /** {@code HcnEnumerateNamespaces}: the GUIDs of every namespace on the host. */
  public List<String> enumerateNamespaces() {
    PointerByReference ids = new PointerByReference();
    call("HcnEnumerateNamespaces", err -> network.HcnEnumerateNamespaces(new WString(DEFAULT_QUERY), ids, err));
    String text = WideStrings.takeCoTask(natives.ole32(), ids);
    List<String> guids = new ArrayList<>();
    if (!text.isBlank()) {
      parse("HcnEnumerateNamespaces", text).forEach(id -> guids.add(id.asText()));
    }
    return List.copyOf(guids);
  }

  private void modifyNamespaceEndpoint(String namespaceGuid, String endpointGuid, String requestType) {
    ObjectNode request = JSON.createObjectNode();
    request.put("ResourceType", "Endpoint");
    request.put("RequestType", requestType);
    request.putObject("Settings").put("EndpointId", Guid.parse(endpointGuid).toString());
    Pointer namespace = openNamespace(namespaceGuid);
    try {
      call("HcnModifyNamespace", err -> network.HcnModifyNamespace(namespace, new WString(request.toString()), err));
    } finally {
      network.HcnCloseNamespace(namespace);
    }
  }

  private Pointer openNamespace(String guid) {
    Guid id = Guid.parse(guid);
    PointerByReference namespace = new PointerByReference();
    call("HcnOpenNamespace", err -> network.HcnOpenNamespace(id, namespace, err));
    return namespace.getValue();
  }

  /** An HCN query function: handle, query, properties out, error record out. */
  private interface Query {
    int call(Pointer handle, WString query, PointerByReference properties, PointerByReference errorRecord);
  }

  private String query(String function, Pointer handle, Query query) {
    PointerByReference properties = new PointerByReference();
    try {
      call(function, err -> query.call(handle, new WString(DEFAULT_QUERY), properties, err));
      return WideStrings.takeCoTask(natives.ole32(), properties);
    } finally {
      WideStrings.takeCoTask(natives.ole32(), properties);
    }
  }

  /** Runs one HCN call and applies the failure rule of §1.4 to its HRESULT and error record. */
  private void call(String function, Function<PointerByReference, Integer> call) {
    PointerByReference errorRecord = new PointerByReference();
    int hr = call.apply(errorRecord);
    String record = WideStrings.takeCoTask(natives.ole32(), errorRecord);
    if (hr < 0 || !record.isBlank()) {
      throw new HcsException(function, HResult.of(hr < 0 ? hr : errorCodeOf(record)), record);
    }
  }

  /** The {@code ErrorCode} an error record carries, or {@code E_FAIL} for an S_OK with a record. */
  private static int errorCodeOf(String record) {
    try {
      JsonNode code = JSON.readTree(record).path("ErrorCode");
      if (code.canConvertToLong() && (int) code.asLong() < 0) {
        return (int) code.asLong();
      }
    } catch (IOException e) {
      // Not JSON: the record still marks a failure.
    }
    return HResult.E_FAIL;
  }

  private static JsonNode parse(String function, String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new HcsException(function, HResult.of(HResult.E_FAIL), text);
    }
  }
}

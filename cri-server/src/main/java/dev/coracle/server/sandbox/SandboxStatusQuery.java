package dev.coracle.server.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.namespace.NamespaceKind;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import dev.coracle.core.sandbox.SandboxManager;
import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.cri.v1.PodSandboxStatusRequest;
import dev.coracle.cri.v1.PodSandboxStatusResponse;
import dev.coracle.server.translate.SandboxTranslator;
import java.time.Instant;

/**
 * {@code PodSandboxStatus}; a missing pod is NOT_FOUND. {@code verbose} adds, under the key
 * {@code info}, a JSON object of what the runtime made for the pod (as {@code crictl inspectp}
 * prints it): infra PID, runtime handler and program, cgroup, namespace pins, files, config.
 */
final class SandboxStatusQuery {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SandboxManager sandboxes;

  SandboxStatusQuery(SandboxManager sandboxes) {
    this.sandboxes = sandboxes;
  }

  PodSandboxStatusResponse handle(PodSandboxStatusRequest request) {
    SandboxRecord record = SandboxIds.resolve(sandboxes, request.getPodSandboxId()).flatMap(sandboxes::get)
        .orElseThrow(() -> new NotFoundException("pod sandbox " + request.getPodSandboxId() + " not found"));
    Instant now = Instant.now();
    PodSandboxStatusResponse.Builder response = PodSandboxStatusResponse.newBuilder()
        .setStatus(SandboxTranslator.status(record))
        .setTimestamp(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    if (request.getVerbose()) {
      response.putInfo("info", verboseInfo(record));
    }
    return response.build();
  }

  private String verboseInfo(SandboxRecord record) {
    String id = record.id();
    ObjectNode info = JSON.createObjectNode();
    info.put("pid", sandboxes.infraPid(id).orElse(0L));
    info.put("runtime_handler", record.runtimeHandler());
    OciRuntimeSettings runtime = sandboxes.infra(id).settings();
    info.putObject("runtime").put("kind", runtime.name()).put("binary", runtime.binary().toString())
        .put("root", runtime.root().toString());
    info.put("cgroup", record.cgroup());
    ObjectNode namespaces = info.putObject("namespaces");
    for (NamespaceKind kind : NamespaceKind.values()) {
      sandboxes.namespace(id, kind).ifPresent(pin -> namespaces.put(kind.file(), pin.toString()));
    }
    sandboxes.shmDir(id).ifPresent(shm -> info.put("shm", shm.toString()));
    info.putObject("files")
        .put("hosts", sandboxes.hostsFile(id).toString())
        .put("hostname", sandboxes.hostnameFile(id).toString())
        .put("resolv_conf", sandboxes.resolvConfFile(id).toString());
    info.set("config", JSON.valueToTree(record.config()));
    try {
      return JSON.writeValueAsString(info);
    } catch (JsonProcessingException e) {
      throw new InternalException("cannot render the status of pod sandbox " + id, e);
    }
  }
}

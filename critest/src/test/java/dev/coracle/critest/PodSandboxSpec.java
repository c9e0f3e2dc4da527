package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.cri.v1.DNSConfig;
import dev.coracle.cri.v1.ListPodSandboxRequest;
import dev.coracle.cri.v1.PodSandbox;
import dev.coracle.cri.v1.PodSandboxConfig;
import dev.coracle.cri.v1.PodSandboxFilter;
import dev.coracle.cri.v1.PodSandboxState;
import dev.coracle.cri.v1.PodSandboxStateValue;
import dev.coracle.cri.v1.PodSandboxStatus;
import dev.coracle.cri.v1.PodSandboxStatusRequest;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.StopPodSandboxRequest;
import dev.coracle.cri.v1.StreamPodSandboxesRequest;
import dev.coracle.critest.Pods.Pod;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Pod sandboxes")
class PodSandboxSpec extends PodSpecBase {


  private PodSandboxStatus status(String id) {
    return cri.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(id).build()).getStatus();
  }

  private void stop(String id) {
    cri.runtime().withDeadlineAfter(2, TimeUnit.MINUTES)
        .stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
  }

  private void remove(String id) {
    cri.runtime().withDeadlineAfter(2, TimeUnit.MINUTES)
        .removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
  }

  private List<String> list(PodSandboxFilter.Builder filter) {
    return cri.runtime().listPodSandbox(ListPodSandboxRequest.newBuilder().setFilter(filter).build())
        .getItemsList().stream().map(PodSandbox::getId).sorted().toList();
  }

  private static PodSandboxFilter.Builder labelled(String run) {
    return PodSandboxFilter.newBuilder().putLabelSelector("critest.run", run);
  }

  @Test
  @DisplayName("RunPodSandbox: the status is READY with the metadata, labels, annotations and creation time given")
  void runPodSandbox_statusIsReady() {
    long before = System.currentTimeMillis() * 1_000_000;
    PodSandboxConfig.Builder config = pods.config("ready")
        .putLabels("app", "critest").putLabels("tier", "spec")
        .putAnnotations("critest.example/note", "kept as given");
    Pod pod = pods.run(config);
    long after = System.currentTimeMillis() * 1_000_000;
    PodSandboxStatus status = status(pod.id());
    assertEquals(pod.id(), status.getId());
    assertEquals(PodSandboxState.SANDBOX_READY, status.getState());
    assertEquals(pod.config().getMetadata(), status.getMetadata());
    assertEquals(Map.of("app", "critest", "tier", "spec"), status.getLabelsMap());
    assertEquals("kept as given", status.getAnnotationsMap().get("critest.example/note"), status::toString);
    // A second of slack each way: the runtime's clock reading and this one's are not the same call.
    long slack = 1_000_000_000L;
    assertTrue(status.getCreatedAt() >= before - slack && status.getCreatedAt() <= after + slack,
        () -> "created_at " + status.getCreatedAt() + " within [" + before + ", " + after + "]");
  }

  @Test
  @DisplayName("ListPodSandbox filters by ID, ID prefix, state and label selector")
  void listPodSandbox_filters() {
    String run = Pods.unique("list");
    Pod ready = pods.run(pods.config("list-ready").putLabels("critest.run", run).putLabels("role", "a"));
    Pod stopped = pods.run(pods.config("list-stopped").putLabels("critest.run", run).putLabels("role", "b"));
    stop(stopped.id());

    assertEquals(List.of(ready.id()), list(PodSandboxFilter.newBuilder().setId(ready.id())));
    assertEquals(List.of(stopped.id()), list(PodSandboxFilter.newBuilder().setId(stopped.id().substring(0, 12))));
    assertEquals(List.of(ready.id(), stopped.id()).stream().sorted().toList(), list(labelled(run)));
    assertEquals(List.of(stopped.id()), list(labelled(run).putLabelSelector("role", "b")));
    assertEquals(List.of(), list(labelled(run).putLabelSelector("role", "c")));
    assertEquals(List.of(ready.id()), list(labelled(run)
        .setState(PodSandboxStateValue.newBuilder().setState(PodSandboxState.SANDBOX_READY))));
    assertEquals(List.of(stopped.id()), list(labelled(run)
        .setState(PodSandboxStateValue.newBuilder().setState(PodSandboxState.SANDBOX_NOTREADY))));
    PodSandbox item = cri.runtime().listPodSandbox(ListPodSandboxRequest.newBuilder()
        .setFilter(PodSandboxFilter.newBuilder().setId(ready.id())).build()).getItems(0);
    assertEquals(ready.config().getMetadata(), item.getMetadata());
    assertEquals(PodSandboxState.SANDBOX_READY, item.getState());
    assertEquals("a", item.getLabelsMap().get("role"));
  }

  @Test
  @DisplayName("StopPodSandbox: the pod is NOTREADY, and stopping it again succeeds")
  void stopPodSandbox_notReadyAndIdempotent() {
    Pod pod = pods.run("stop");
    stop(pod.id());
    assertEquals(PodSandboxState.SANDBOX_NOTREADY, status(pod.id()).getState());
    stop(pod.id());
    assertEquals(PodSandboxState.SANDBOX_NOTREADY, status(pod.id()).getState());
  }

  @Test
  @DisplayName("RemovePodSandbox: the status is NOT_FOUND, the list lacks it, removing it again succeeds, stopping it is OK or NOT_FOUND")
  void removePodSandbox_goneAndIdempotent() {
    Pod pod = pods.run("remove");
    stop(pod.id());
    remove(pod.id());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> status(pod.id()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e::toString);
    assertEquals(List.of(), list(PodSandboxFilter.newBuilder().setId(pod.id())));
    remove(pod.id());
    Pods.stopUnlessGone(cri, pod.id());
  }

  @Test
  @DisplayName("RemovePodSandbox of a ready pod with a running container removes both")
  void removePodSandbox_forcesRunningPod() {
    Pod pod = pods.run("remove-running");
    String container = pods.start(pod, pods.shell("busy", Pods.UNTIL_TERM));
    remove(pod.id());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> pods.status(container));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e::toString);
    assertThrows(StatusRuntimeException.class, () -> status(pod.id()));
  }

  @Test
  @DisplayName("a pod's hostname is what its containers see")
  void runPodSandbox_hostname() {
    String hostname = Pods.unique("host");
    Pod pod = pods.run(pods.config("hostname").setHostname(hostname));
    String container = pods.start(pod, pods.shell("hostname", Pods.UNTIL_TERM));
    assertEquals(hostname, pods.sh(container, "hostname").strip());
  }

  @Test
  @DisplayName("a pod's DNS config is its containers' /etc/resolv.conf: servers, searches and options")
  void runPodSandbox_dnsConfig() {
    Pod pod = pods.run(pods.config("dns").setDnsConfig(DNSConfig.newBuilder()
        .addServers("198.18.0.53").addServers("198.18.0.54")
        .addSearches("critest.svc.example").addSearches("example")
        .addOptions("ndots:5").addOptions("timeout:2")));
    String container = pods.start(pod, pods.shell("dns", Pods.UNTIL_TERM));
    List<List<String>> lines = pods.sh(container, "cat /etc/resolv.conf").lines()
        .map(l -> Arrays.asList(l.trim().split("\\s+"))).toList();
    assertTrue(lines.contains(List.of("nameserver", "198.18.0.53")), lines::toString);
    assertTrue(lines.contains(List.of("nameserver", "198.18.0.54")), lines::toString);
    assertTrue(lines.contains(List.of("search", "critest.svc.example", "example")), lines::toString);
    List<String> options = lines.stream().filter(l -> l.get(0).equals("options"))
        .flatMap(l -> l.subList(1, l.size()).stream()).toList();
    assertTrue(options.containsAll(List.of("ndots:5", "timeout:2")), lines::toString);
  }

  @Test
  @DisplayName("RunPodSandbox without metadata fails and leaves no pod")
  void runPodSandbox_noMetadata() {
    List<String> before = list(PodSandboxFilter.newBuilder());
    PodSandboxConfig config = pods.config("no-metadata").clearMetadata().build();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> cri.runtime()
        .runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build()));
    assertNotEquals(Status.Code.OK, e.getStatus().getCode());
    assertEquals(before, list(PodSandboxFilter.newBuilder()));
  }

  @Test
  @DisplayName("Coracle extension: RunPodSandbox without metadata is INVALID_ARGUMENT")
  void runPodSandbox_noMetadataIsInvalidArgument() {
    Requirements.coracleOnly(cri);
    PodSandboxConfig config = pods.config("no-metadata").clearMetadata().build();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> cri.runtime()
        .runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e::toString);
    assertTrue(e.getStatus().getDescription().contains("metadata"), e::toString);
  }

  @Test
  @DisplayName("Coracle extension: every verbose PodSandboxStatus info value is a JSON document")
  void podSandboxStatus_verboseInfoIsJson() {
    Requirements.coracleOnly(cri);
    Pod pod = pods.run("verbose");
    var response = cri.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
        .setPodSandboxId(pod.id()).setVerbose(true).build());
    assertFalse(response.getInfoMap().isEmpty());
    ObjectMapper json = new ObjectMapper();
    response.getInfoMap().forEach((key, value) ->
        assertDoesNotThrow(() -> json.readTree(value), "info[" + key + "] is JSON"));
  }

  @Test
  @DisplayName("RunPodSandbox with an unknown runtime handler fails and leaves no pod")
  void runPodSandbox_unknownHandler() {
    PodSandboxConfig.Builder config = pods.config("handler").putLabels("critest.run", Pods.unique("handler"));
    String run = config.getLabelsOrThrow("critest.run");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> pods.run(config, "critest-no-such-handler"));
    assertNotEquals(Status.Code.OK, e.getStatus().getCode());
    assertEquals(List.of(), list(labelled(run)));
  }

  @Test
  @DisplayName("StreamPodSandboxes returns what ListPodSandbox returns")
  void streamPodSandboxes_matchesList() {
    String run = Pods.unique("stream");
    pods.run(pods.config("stream-a").putLabels("critest.run", run));
    pods.run(pods.config("stream-b").putLabels("critest.run", run));
    List<String> listed = list(labelled(run));
    List<String> streamed = Requirements.rpcSince("StreamPodSandboxes", "1.36", () -> {
      List<String> ids = new ArrayList<>();
      cri.runtime().streamPodSandboxes(StreamPodSandboxesRequest.newBuilder().setFilter(labelled(run)).build())
          .forEachRemaining(r -> r.getPodSandboxesList().forEach(p -> ids.add(p.getId())));
      return ids.stream().sorted().toList();
    });
    assertEquals(2, listed.size());
    assertEquals(listed, streamed);
  }
}

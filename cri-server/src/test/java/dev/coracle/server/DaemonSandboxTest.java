package dev.coracle.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.cgroups.CgroupLayout;
import dev.coracle.core.cgroups.CgroupManager;
import dev.coracle.core.sys.LinuxSyscalls;
import dev.coracle.cri.v1.ListPodSandboxRequest;
import dev.coracle.cri.v1.LinuxContainerResources;
import dev.coracle.cri.v1.LinuxPodSandboxConfig;
import dev.coracle.cri.v1.PodSandbox;
import dev.coracle.cri.v1.PodSandboxConfig;
import dev.coracle.cri.v1.PodSandboxFilter;
import dev.coracle.cri.v1.PodSandboxMetadata;
import dev.coracle.cri.v1.PodSandboxState;
import dev.coracle.cri.v1.PodSandboxStateValue;
import dev.coracle.cri.v1.PodSandboxStatusRequest;
import dev.coracle.cri.v1.PodSandboxStatusResponse;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.RuntimeHandler;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.StatusResponse;
import dev.coracle.cri.v1.StopPodSandboxRequest;
import dev.coracle.cri.v1.StreamPodSandboxesRequest;
import dev.coracle.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.coracle.server.config.ConfigLoader;
import dev.coracle.server.config.CoracleConfig;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod sandbox RPCs against the real runtime (runc, conmon, catatonit), as crictl and kubelet use them. */
class DaemonSandboxTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  private static final long SHM_SIZE = 16L << 20;

  @TempDir
  Path dir;

  private final String parent = "coracle-dst-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final CgroupManager cgroups = CgroupManager.forHost(CGROUP_ROOT);
  private Daemon daemon;
  private TestNetwork network;
  private ManagedChannel channel;
  private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;

  @BeforeEach
  void start() {
    assumeTrue(((Integer) uid()) == 0, "runs pods: needs root");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")) && Files.isExecutable(Path.of("/usr/bin/conmon"))
        && Files.isExecutable(Path.of("/usr/bin/catatonit")), "needs runc, conmon and catatonit");
    startDaemon();
  }

  private static Object uid() {
    try {
      return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (Exception e) {
      return -1;
    }
  }

  private void startDaemon() {
    try {
      if (network == null) {
        network = TestNetwork.create(dir);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    CoracleConfig config = ConfigLoader.parse("""
        root_dir = "%s"
        state_dir = "%s"
        shutdown_timeout_seconds = 5
        [metrics]
        enabled = false
        [pods]
        shm_size_bytes = %d
        """.formatted(dir.resolve("root"), dir.resolve("state"), SHM_SIZE) + network.toml(), "test");
    daemon = Daemon.start(config);
    channel = Grpc.newChannelBuilder("unix://" + daemon.socket(), InsecureChannelCredentials.create()).build();
    runtime = RuntimeServiceGrpc.newBlockingStub(channel);
  }

  private void stopDaemon() {
    channel.shutdownNow();
    daemon.close();
    daemon = null;
  }

  private RuntimeServiceGrpc.RuntimeServiceBlockingStub rpc() {
    return runtime.withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (daemon != null) {
      for (PodSandbox pod : rpc().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()) {
        rpc().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod.getId()).build());
      }
      stopDaemon();
    }
    cgroups.remove(parent);
    if (network != null) {
      network.close();
    }
    assertEquals(List.of(), mountsUnder(dir), "mounts left behind");
  }

  private static List<String> mountsUnder(Path dir) throws Exception {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(" " + dir)).toList();
  }

  private PodSandboxConfig.Builder pod(String name) {
    return PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("test").setUid("uid-" + name))
        .putLabels("app", name)
        .putLabels("tier", "test")
        .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent(parent));
  }

  private String run(PodSandboxConfig.Builder pod) {
    return rpc().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()).getPodSandboxId();
  }

  private PodSandboxStatusResponse status(String id, boolean verbose) {
    return rpc().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(id).setVerbose(verbose).build());
  }

  private List<String> list(PodSandboxFilter.Builder filter) {
    return rpc().listPodSandbox(ListPodSandboxRequest.newBuilder().setFilter(filter).build()).getItemsList().stream()
        .map(PodSandbox::getId).toList();
  }

  private Path sandboxDir(String id) {
    return dir.resolve("state/sandboxes").resolve(id);
  }

  @Test
  void run_status_list_stop_remove_leavesNothing() throws Exception {
    String id = run(pod("web").setHostname("web-0"));
    String other = run(pod("db"));

    PodSandboxStatusResponse status = status(id, true);
    assertEquals(PodSandboxState.SANDBOX_READY, status.getStatus().getState());
    assertEquals("web", status.getStatus().getMetadata().getName());
    assertEquals("runc", status.getStatus().getRuntimeHandler());
    assertTrue(status.getStatus().getCreatedAt() > 1_600_000_000_000_000_000L, "created_at in nanoseconds");
    JsonNode info = JSON.readTree(status.getInfoOrThrow("info"));
    long pid = info.get("pid").asLong();
    assertEquals("catatonit", Files.readString(Path.of("/proc/" + pid + "/comm")).strip());
    assertEquals("/usr/sbin/runc", info.at("/runtime/binary").asText());
    String cgroup = info.get("cgroup").asText();
    assertTrue(cgroup.startsWith(parent + "/coracle-"), cgroup);
    assertEquals(List.of((int) pid), cgroups.pids(cgroup + "/infra"));
    assertTrue(Files.exists(Path.of(info.at("/namespaces/net").asText())));
    assertEquals("web-0", info.at("/config/hostname").asText());
    assertEquals("web-0\n", Files.readString(sandboxDir(id).resolve("hostname")));

    assertEquals(List.of(id), list(PodSandboxFilter.newBuilder().setId(id)));
    assertEquals(List.of(id), list(PodSandboxFilter.newBuilder().setId(id.substring(0, 20))));
    assertEquals(2, list(PodSandboxFilter.newBuilder()).size(), "no filter lists every pod");
    assertEquals(List.of(), list(PodSandboxFilter.newBuilder().setId("zz")), "an unknown prefix matches nothing");
    assertEquals(List.of(id), list(PodSandboxFilter.newBuilder().putLabelSelector("app", "web")));
    assertEquals(2, list(PodSandboxFilter.newBuilder().putLabelSelector("tier", "test")).size());
    assertEquals(List.of(), list(PodSandboxFilter.newBuilder().putLabelSelector("app", "web").putLabelSelector("tier", "x")));
    assertEquals(2, list(PodSandboxFilter.newBuilder().setState(PodSandboxStateValue.newBuilder()
        .setState(PodSandboxState.SANDBOX_READY))).size());
    var streamed = new ArrayList<String>();
    rpc().streamPodSandboxes(StreamPodSandboxesRequest.getDefaultInstance())
        .forEachRemaining(r -> r.getPodSandboxesList().forEach(p -> streamed.add(p.getId())));
    assertEquals(List.of(id, other).stream().sorted().toList(), streamed.stream().sorted().toList());

    rpc().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    assertEquals(PodSandboxState.SANDBOX_NOTREADY, status(id, false).getStatus().getState());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the infra process is gone");
    assertEquals(List.of(id), list(PodSandboxFilter.newBuilder().setState(PodSandboxStateValue.newBuilder()
        .setState(PodSandboxState.SANDBOX_NOTREADY))));
    rpc().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());

    rpc().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    StatusRuntimeException gone = assertThrows(StatusRuntimeException.class, () -> status(id, false));
    assertEquals(Status.Code.NOT_FOUND, gone.getStatus().getCode());
    assertFalse(Files.exists(sandboxDir(id)));
    assertFalse(Files.exists(CGROUP_ROOT.resolve("pids").resolve(cgroup)), "pod cgroup removed");
    assertTrue(mountsUnder(sandboxDir(id)).isEmpty());
    rpc().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    rpc().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId("f".repeat(64)).build());
  }

  @Test
  void statusStopRemove_takeTheTruncatedIdCrictlPrints() {
    String id = run(pod("short"));
    String shortId = id.substring(0, 13);
    assertEquals(id, status(shortId, false).getStatus().getId());
    rpc().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(shortId).build());
    assertEquals(PodSandboxState.SANDBOX_NOTREADY, status(id, false).getStatus().getState());
    rpc().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(shortId).build());
    assertEquals(Status.Code.NOT_FOUND,
        assertThrows(StatusRuntimeException.class, () -> status(id, false)).getStatus().getCode());
    assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class,
        () -> rpc().stopPodSandbox(StopPodSandboxRequest.getDefaultInstance())).getStatus().getCode());
  }

  @Test
  void shm_hasTheConfiguredSize_andIsUnmountedOnRemove() throws Exception {
    String id = run(pod("shm"));
    Path shm = sandboxDir(id).resolve("shm");
    assertEquals(SHM_SIZE, LinuxSyscalls.get().statfs(shm).totalBytes());
    assertEquals(1, mountsUnder(shm).size());
    rpc().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    assertEquals(List.of(), mountsUnder(shm));
  }

  @Test
  void unknownRuntimeHandler_isInvalidArgument_andMakesNothing() throws Exception {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> rpc().runPodSandbox(
        RunPodSandboxRequest.newBuilder().setConfig(pod("kata")).setRuntimeHandler("kata").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("unknown runtime handler \"kata\""), e.toString());
    assertNothingMade();
  }

  @Test
  void crunOnAHybridHost_isFailedPrecondition_andMakesNothing() throws Exception {
    assumeTrue(CgroupLayout.detect(CGROUP_ROOT) == CgroupLayout.HYBRID, "only a hybrid cgroup layout makes crun refuse");
    assumeTrue(daemon.backend().runtimeHandlers().contains("crun"), "needs crun installed");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> rpc().runPodSandbox(
        RunPodSandboxRequest.newBuilder().setConfig(pod("crun")).setRuntimeHandler("crun").build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("hybrid"), e.toString());
    assertNothingMade();
  }

  @Test
  void hostSysctl_isInvalidArgument_andMakesNothing() throws Exception {
    PodSandboxConfig.Builder pod = pod("sysctl");
    pod.getLinuxBuilder().putSysctls("kernel.panic", "1");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> run(pod));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertNothingMade();
  }

  private void assertNothingMade() throws Exception {
    assertEquals(List.of(), list(PodSandboxFilter.newBuilder()));
    try (var left = Files.list(dir.resolve("state/sandboxes"))) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> !n.matches("exits|sockets")).toList());
    }
    assertFalse(Files.exists(CGROUP_ROOT.resolve("pids").resolve(parent)), "no cgroup made");
  }

  @Test
  void runRetriedWithTheSameConfig_getsTheSameId_anotherConfigWithTheNameIsAlreadyExists() {
    String id = run(pod("retry"));
    assertEquals(id, run(pod("retry")));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> run(pod("retry").setHostname("other")));
    assertEquals(Status.Code.ALREADY_EXISTS, e.getStatus().getCode());
  }

  @Test
  void restartedDaemon_listsRunningPodsReady_andPodsWhoseInfraDiedNotReady() throws Exception {
    String alive = run(pod("alive"));
    String killed = run(pod("killed"));
    long pid = JSON.readTree(status(killed, true).getInfoOrThrow("info")).get("pid").asLong();
    stopDaemon();
    ProcessHandle infra = ProcessHandle.of(pid).orElseThrow();
    infra.destroyForcibly();
    infra.onExit().get(10, TimeUnit.SECONDS);
    startDaemon();
    assertEquals(PodSandboxState.SANDBOX_READY, status(alive, false).getStatus().getState());
    assertEquals(PodSandboxState.SANDBOX_NOTREADY, status(killed, false).getStatus().getState());
    assertEquals(alive, run(pod("alive")), "the name is still held by the same pod");
  }

  @Test
  void infraKilledWhileTheDaemonRuns_makesThePodNotReady() throws Exception {
    String id = run(pod("dies"));
    long pid = JSON.readTree(status(id, true).getInfoOrThrow("info")).get("pid").asLong();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    // conmon records the exit; the daemon's exit watcher turns the pod NOTREADY.
    PodSandboxState state = PodSandboxState.SANDBOX_READY;
    for (int i = 0; i < 500 && state == PodSandboxState.SANDBOX_READY; i++) {
      Thread.sleep(20);
      state = status(id, false).getStatus().getState();
    }
    assertEquals(PodSandboxState.SANDBOX_NOTREADY, state);
  }

  @Test
  void twentyPods_runConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<String>> runs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String name = "many-" + i;
        runs.add(pool.submit(() -> run(pod(name))));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : runs) {
        ids.add(f.get(120, TimeUnit.SECONDS));
      }
      assertEquals(20, ids.stream().distinct().count());
      assertEquals(20, list(PodSandboxFilter.newBuilder().setState(PodSandboxStateValue.newBuilder()
          .setState(PodSandboxState.SANDBOX_READY))).size());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void updatePodSandboxResources_changesThePodCgroup() throws Exception {
    PodSandboxConfig.Builder pod = pod("limits");
    pod.getLinuxBuilder().setResources(LinuxContainerResources.newBuilder().setMemoryLimitInBytes(128L << 20));
    String id = run(pod);
    String cgroup = JSON.readTree(status(id, true).getInfoOrThrow("info")).get("cgroup").asText();
    Path memory = CGROUP_ROOT.resolve("memory").resolve(cgroup).resolve("memory.limit_in_bytes");
    assumeTrue(Files.exists(memory), "needs the cgroup v1 memory controller");
    assertEquals(128L << 20, Long.parseLong(Files.readString(memory).strip()));
    rpc().updatePodSandboxResources(UpdatePodSandboxResourcesRequest.newBuilder().setPodSandboxId(id)
        .setResources(LinuxContainerResources.newBuilder().setMemoryLimitInBytes(256L << 20)).build());
    assertEquals(256L << 20, Long.parseLong(Files.readString(memory).strip()));
  }

  @Test
  void status_reportsTheRuntimeHandlersAndFeatures() {
    StatusResponse status = rpc().status(StatusRequest.getDefaultInstance());
    List<String> names = status.getRuntimeHandlersList().stream().map(RuntimeHandler::getName).toList();
    assertEquals("", names.get(0), "the default handler comes first, unnamed");
    assertTrue(names.contains("runc"), names.toString());
    assertTrue(status.getRuntimeHandlers(0).getFeatures().getRecursiveReadOnlyMounts());
    assertFalse(status.getRuntimeHandlers(0).getFeatures().getUserNamespaces());
    assertTrue(status.getFeatures().getSupplementalGroupsPolicy());
  }
}

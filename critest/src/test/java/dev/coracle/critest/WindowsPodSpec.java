package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.WindowsTestImages;
import dev.coracle.core.network.testing.WinBridgeStandIn;
import dev.coracle.cri.v1.ContainerConfig;
import dev.coracle.cri.v1.ContainerMetadata;
import dev.coracle.cri.v1.ContainerState;
import dev.coracle.cri.v1.ContainerStats;
import dev.coracle.cri.v1.ContainerStatsRequest;
import dev.coracle.cri.v1.ExecSyncRequest;
import dev.coracle.cri.v1.ExecSyncResponse;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.ListContainerStatsRequest;
import dev.coracle.cri.v1.ListPodSandboxStatsRequest;
import dev.coracle.cri.v1.PodSandboxConfig;
import dev.coracle.cri.v1.PodSandboxMetadata;
import dev.coracle.cri.v1.PodSandboxState;
import dev.coracle.cri.v1.PodSandboxStats;
import dev.coracle.cri.v1.PodSandboxStatsRequest;
import dev.coracle.cri.v1.PodSandboxStatusRequest;
import dev.coracle.cri.v1.PullImageRequest;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RuntimeHandler;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.StopContainerRequest;
import dev.coracle.cri.v1.UpdateContainerResourcesRequest;
import dev.coracle.cri.v1.WindowsContainerConfig;
import dev.coracle.cri.v1.WindowsContainerResources;
import dev.coracle.cri.v1.WindowsPodSandboxStats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Pods and containers of a Windows node (only with {@code -Dcritest.platform=windows}): both
 * isolations, the host/image build rule, CNI by namespace GUID, exec, logs and the Windows
 * stats. The images are the Windows-shaped test images (their {@code Cmd} is {@code cmd /c echo
 * hello-from-windows}); against the simulated node their processes are modelled from the
 * command line: {@code cmd /c echo X} prints X, {@code cmd /c exit N} exits N, anything else
 * (such as {@code ping -t localhost}) runs until stopped.
 */
@DisplayName("Windows pods")
class WindowsPodSpec {

  static final String PROCESS = "runhcs-wcow-process";
  static final String HYPERV = "runhcs-wcow-hypervisor";
  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final CriEndpoint cri = CriEndpoint.get();
  private final Pods pods = new Pods(cri);

  @BeforeAll
  static void pullImages() {
    CriEndpoint cri = CriEndpoint.get();
    if (Requirements.windows() && Requirements.podsOn(cri)) {
      pull(cri, WindowsImages.ltsc2022(), "");
      // An older build than the host's: only a Hyper-V handler may pull it (WINDOWS.md §5).
      pull(cri, WindowsImages.ltsc2019(), HYPERV);
    }
  }

  private static void pull(CriEndpoint cri, PushedImage image, String handler) {
    cri.images().pullImage(PullImageRequest.newBuilder()
        .setImage(ImageSpec.newBuilder().setImage(image.reference()).setRuntimeHandler(handler)).build());
  }

  @BeforeEach
  void gates() {
    Requirements.windows(cri);
    Requirements.pods(cri);
  }

  @AfterEach
  void removePods() {
    pods.close();
  }

  private Pods.Pod run(String name, String handler) {
    String unique = Pods.unique(name);
    return pods.run(PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder().setName(unique).setNamespace("critest")
            .setUid(UUID.randomUUID().toString()))
        .setHostname(name)
        .setLogDirectory(pods.hostDirectory("logs").toString()), handler);
  }

  private static ContainerConfig.Builder container(String name, PushedImage image, String... command) {
    return ContainerConfig.newBuilder()
        .setMetadata(ContainerMetadata.newBuilder().setName(name))
        .setImage(ImageSpec.newBuilder().setImage(image.reference()))
        .addAllCommand(List.of(command))
        .setLogPath(name + ".log");
  }

  private static ContainerConfig.Builder longRunning(String name) {
    return container(name, WindowsImages.ltsc2022(), "ping", "-t", "localhost");
  }

  private ExecSyncResponse exec(String id, String... command) {
    return cri.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(id).addAllCmd(List.of(command))
        .setTimeout(60).build());
  }

  @Test
  @DisplayName("Status lists the Windows runtime handlers beside the default")
  void statusListsHandlers() {
    List<String> handlers = cri.runtime().status(StatusRequest.getDefaultInstance()).getRuntimeHandlersList().stream()
        .map(RuntimeHandler::getName).toList();
    assertTrue(handlers.containsAll(List.of("", PROCESS, HYPERV)), handlers::toString);
  }

  @Test
  @DisplayName("a process-isolated container runs the image's command line; its output is in the CRI log; it exits 0")
  void imageCommandRunsAndLogs() {
    Pods.Pod pod = run("echo", "");
    String id = pods.start(pod, container("echo", WindowsImages.ltsc2022()));
    assertEquals(0, pods.awaitState(id, ContainerState.CONTAINER_EXITED).getExitCode());
    CriLog log = Poll.until("the greeting in the log", () -> CriLog.read(pod.logDirectory().resolve("echo.log")),
        l -> !l.lines("stdout").isEmpty());
    assertEquals(List.of(WindowsTestImages.GREETING), log.lines("stdout").stream().map(String::stripTrailing).toList());
  }

  @Test
  @DisplayName("a container's exit code is its command's")
  void exitCode() {
    Pods.Pod pod = run("exit", "");
    String id = pods.start(pod, container("exit", WindowsImages.ltsc2022(), "cmd", "/c", "exit", "7"));
    assertEquals(7, pods.awaitState(id, ContainerState.CONTAINER_EXITED).getExitCode());
  }

  @Test
  @DisplayName("the pod has the IP its network plugin gave; the plugin saw the namespace GUID on ADD and on DEL")
  void podNetworkByNamespaceGuid() {
    Pods.Pod pod = run("net", "");
    String ip = cri.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(pod.id()).build())
        .getStatus().getNetwork().getIp();
    assertFalse(ip.isEmpty(), "the pod has an IP");
    if (cri.winBridge().isEmpty()) {
      return; // an endpoint not started here: its plugin's calls are not ours to see
    }
    WinBridgeStandIn plugin = cri.winBridge().get();
    assertTrue(ip.startsWith(plugin.prefix()), ip);
    List<WinBridgeStandIn.Call> adds = plugin.calls().stream()
        .filter(c -> c.command().equals("ADD") && c.containerId().equals(pod.id())).toList();
    assertEquals(1, adds.size(), plugin.calls()::toString);
    assertTrue(GUID.matcher(adds.get(0).netns()).matches(), "CNI_NETNS is a GUID, not a path: " + adds);

    Pods.stopUnlessGone(cri, pod.id());
    cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod.id()).build());
    List<WinBridgeStandIn.Call> dels = plugin.calls().stream()
        .filter(c -> c.command().equals("DEL") && c.containerId().equals(pod.id())).toList();
    assertFalse(dels.isEmpty(), plugin.calls()::toString);
    assertEquals(adds.get(0).netns(), dels.get(dels.size() - 1).netns());
  }

  @Test
  @DisplayName("a long-running container stays RUNNING; ExecSync in it returns output and exit code; StopContainer ends it")
  void execAndStop() {
    Pods.Pod pod = run("exec", "");
    String id = pods.start(pod, longRunning("server"));
    assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(id).getState());
    ExecSyncResponse echo = exec(id, "cmd", "/c", "echo", "from-exec");
    assertEquals(0, echo.getExitCode());
    assertEquals("from-exec", echo.getStdout().toString(StandardCharsets.UTF_8).strip());
    assertEquals(3, exec(id, "cmd", "/c", "exit", "3").getExitCode());
    assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(id).getState());

    cri.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(10).build());
    assertEquals(ContainerState.CONTAINER_EXITED, pods.status(id).getState());
  }

  @Test
  @DisplayName("container and pod stats carry the Windows numbers: CPU, memory, the pod's processes and containers")
  void stats() {
    Pods.Pod pod = run("stats", "");
    String id = pods.start(pod, longRunning("server"));
    ContainerStats stats = cri.runtime().containerStats(ContainerStatsRequest.newBuilder().setContainerId(id).build())
        .getStats();
    assertEquals(id, stats.getAttributes().getId());
    assertTrue(stats.getMemory().getWorkingSetBytes().getValue() > 0, stats::toString);
    assertTrue(stats.getCpu().getTimestamp() > 0, stats::toString);
    assertTrue(cri.runtime().listContainerStats(ListContainerStatsRequest.getDefaultInstance()).getStatsList().stream()
        .anyMatch(s -> s.getAttributes().getId().equals(id)));

    PodSandboxStats podStats = cri.runtime().podSandboxStats(PodSandboxStatsRequest.newBuilder()
        .setPodSandboxId(pod.id()).build()).getStats();
    assertTrue(podStats.hasWindows(), podStats::toString);
    assertFalse(podStats.hasLinux(), podStats::toString);
    WindowsPodSandboxStats windows = podStats.getWindows();
    assertTrue(windows.getMemory().getWorkingSetBytes().getValue() > 0, windows::toString);
    assertTrue(windows.getProcess().getProcessCount().getValue() > 0, windows::toString);
    assertEquals(List.of(id), windows.getContainersList().stream().map(c -> c.getAttributes().getId()).toList());
    assertTrue(cri.runtime().listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance()).getStatsList()
        .stream().anyMatch(s -> s.getAttributes().getId().equals(pod.id()) && s.hasWindows()));
  }

  @Test
  @DisplayName("UpdateContainerResources takes Windows resources for a running container")
  void updateWindowsResources() {
    Pods.Pod pod = run("update", "");
    String id = pods.start(pod, longRunning("server").setWindows(WindowsContainerConfig.newBuilder()
        .setResources(WindowsContainerResources.newBuilder().setMemoryLimitInBytes(256L << 20))));
    cri.runtime().updateContainerResources(UpdateContainerResourcesRequest.newBuilder().setContainerId(id)
        .setWindows(WindowsContainerResources.newBuilder().setMemoryLimitInBytes(512L << 20).setCpuMaximum(5000))
        .build());
    assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(id).getState());
  }

  @Test
  @DisplayName("a Hyper-V pod runs an image of an older build than the host's")
  void hyperVRunsOlderBuild() {
    Pods.Pod pod = run("hyperv", HYPERV);
    assertEquals(PodSandboxState.SANDBOX_READY, cri.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
        .setPodSandboxId(pod.id()).build()).getStatus().getState());
    String id = pods.start(pod, container("old", WindowsImages.ltsc2019()));
    assertEquals(0, pods.awaitState(id, ContainerState.CONTAINER_EXITED).getExitCode());
  }

  @Test
  @DisplayName("an image of an older build does not run in a process-isolated pod")
  void processIsolationRefusesOlderBuild() {
    Pods.Pod pod = run("old-process", PROCESS);
    assertThrows(StatusRuntimeException.class, () -> pods.start(pod, container("old", WindowsImages.ltsc2019())));
  }

  @Test
  @DisplayName("Coracle extension: the build rule fails CreateContainer with FAILED_PRECONDITION naming both builds and the Hyper-V handler")
  void buildRuleMessage() {
    Requirements.coracleOnly(cri);
    Pods.Pod pod = run("old-message", PROCESS);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> pods.create(pod, container("old", WindowsImages.ltsc2019())));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(), e::toString);
    String message = e.getStatus().getDescription();
    assertTrue(message.contains(Integer.toString(WindowsTestImages.LTSC2019))
        && message.contains(Integer.toString(WindowsTestImages.LTSC2022)) && message.contains(HYPERV), message);
  }

  @Test
  @DisplayName("an unknown runtime handler is refused")
  void unknownHandler() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> run("no-handler", "no-such-handler"));
    assertNotEquals(Status.Code.OK, e.getStatus().getCode());
  }

  @Test
  @DisplayName("Coracle extension: an unknown runtime handler is INVALID_ARGUMENT")
  void unknownHandlerIsInvalidArgument() {
    Requirements.coracleOnly(cri);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> run("no-handler", "no-such-handler"));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e::toString);
  }
}

package dev.coracle.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.core.image.testing.WindowsTestImages;
import dev.coracle.core.network.testing.WinBridgeStandIn;
import dev.coracle.cri.v1.ContainerConfig;
import dev.coracle.cri.v1.ContainerMetadata;
import dev.coracle.cri.v1.ContainerState;
import dev.coracle.cri.v1.ContainerStats;
import dev.coracle.cri.v1.ContainerStatsRequest;
import dev.coracle.cri.v1.ContainerStatus;
import dev.coracle.cri.v1.ContainerStatusRequest;
import dev.coracle.cri.v1.CreateContainerRequest;
import dev.coracle.cri.v1.ExecSyncRequest;
import dev.coracle.cri.v1.ExecSyncResponse;
import dev.coracle.cri.v1.ImageServiceGrpc;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.ImageStatusRequest;
import dev.coracle.cri.v1.ListContainerStatsRequest;
import dev.coracle.cri.v1.ListPodSandboxRequest;
import dev.coracle.cri.v1.ListPodSandboxStatsRequest;
import dev.coracle.cri.v1.PodSandbox;
import dev.coracle.cri.v1.PodSandboxConfig;
import dev.coracle.cri.v1.PodSandboxMetadata;
import dev.coracle.cri.v1.PodSandboxState;
import dev.coracle.cri.v1.PodSandboxStats;
import dev.coracle.cri.v1.PodSandboxStatsRequest;
import dev.coracle.cri.v1.PodSandboxStatusRequest;
import dev.coracle.cri.v1.PullImageRequest;
import dev.coracle.cri.v1.RemoveContainerRequest;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.RuntimeHandler;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.StartContainerRequest;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.StatusResponse;
import dev.coracle.cri.v1.StopContainerRequest;
import dev.coracle.cri.v1.StopPodSandboxRequest;
import dev.coracle.cri.v1.UpdateContainerResourcesRequest;
import dev.coracle.cri.v1.VersionRequest;
import dev.coracle.cri.v1.WindowsContainerConfig;
import dev.coracle.cri.v1.WindowsContainerResources;
import dev.coracle.cri.v1.WindowsPodSandboxStats;
import dev.coracle.hcs.fake.FakeWindows;
import dev.coracle.hcs.image.DirectoryLayerWriter;
import dev.coracle.server.config.ConfigLoader;
import dev.coracle.server.config.CoracleConfig;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows backend served by the whole daemon over CRI, on Linux: {@code
 * windows.simulate_host_build} puts the daemon on the recording simulation of HCS as a Server
 * 2022 host (build 20348), images of Windows layers come from the test registry through the
 * Windows importer, and pods reach CNI through a script standing in for win-bridge.
 * Each test has a simulated host of its own, which outlives the daemons started on it.
 */
class DaemonWindowsTest {

  private static final Pattern GUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final String HYPERV = "runhcs-wcow-hypervisor";
  private static final String PROCESS = "runhcs-wcow-process";

  private static TestRegistry registry;
  private static PushedImage servercore;
  private static PushedImage old;
  private static PushedImage pause;

  @TempDir
  Path dir;

  private WinBridgeStandIn cni;
  private Daemon daemon;
  private final FakeWindows host = new FakeWindows();
  private CoracleConfig config;
  private ManagedChannel channel;
  private final Map<String, PodSandboxConfig> pods = new HashMap<>();

  @BeforeAll
  static void pushImages() {
    registry = TestRegistry.start(TestRegistry.Auth.NONE);
    WindowsTestImages images = new WindowsTestImages(registry);
    servercore = images.servercore("winsim/servercore", "ltsc2022", WindowsTestImages.LTSC2022);
    old = images.servercore("winsim/servercore", "ltsc2019", WindowsTestImages.LTSC2019);
    pause = images.pause("winsim/pause", "ltsc2022", WindowsTestImages.LTSC2022);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void start() {
    cni = WinBridgeStandIn.create(dir);
    config = ConfigLoader.parse("""
        root_dir = "%s"
        state_dir = "%s"
        shutdown_timeout_seconds = 5
        [metrics]
        enabled = false
        [windows]
        simulate_host_build = "10.0.20348"
        pause_image = "%s"
        """.formatted(dir.resolve("root"), dir.resolve("state"), pause.reference()) + cni.toml(), "test");
    startDaemon();
  }

  private void startDaemon() {
    daemon = Daemon.start(config, List.of(), () -> host);
    channel = Grpc.newChannelBuilder("unix://" + daemon.socket(), InsecureChannelCredentials.create()).build();
  }

  private void stopDaemon() {
    channel.shutdownNow();
    daemon.close();
  }

  @AfterEach
  void stop() {
    try {
      for (PodSandbox pod : runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()) {
        runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod.getId()).build());
      }
    } finally {
      stopDaemon();
    }
    host.assertNoViolations();
  }

  private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
    return RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private ImageServiceGrpc.ImageServiceBlockingStub images() {
    return ImageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @Test
  void versionAndStatus_nameTheWindowsHandlers() {
    assertEquals("coracle", runtime().version(VersionRequest.getDefaultInstance()).getRuntimeName());
    StatusResponse status = runtime().status(StatusRequest.newBuilder().setVerbose(true).build());
    assertEquals(List.of("", PROCESS, HYPERV),
        status.getRuntimeHandlersList().stream().map(RuntimeHandler::getName).toList());
    status.getStatus().getConditionsList().forEach(c -> assertTrue(c.getStatus(), c.getType() + ": " + c.getMessage()));
    String info = status.getInfoOrThrow("config");
    assertTrue(info.contains("\"platform\":\"windows (simulated)\""), info);
    assertTrue(info.contains("\"host_os_version\":\"10.0.20348"), info);
  }

  @Test
  void pullImage_picksTheWindowsEntryOfTheIndex() {
    String ref = pull(servercore, "");
    PushedImage windows = servercore.children().get("windows/amd64");
    PushedImage linux = servercore.children().get("linux/amd64");
    assertEquals(windows.configDigest().toString(), ref);
    assertNotEquals(linux.configDigest().toString(), ref);

    var status = images().imageStatus(ImageStatusRequest.newBuilder()
        .setImage(ImageSpec.newBuilder().setImage(servercore.reference())).setVerbose(true).build());
    assertEquals(ref, status.getImage().getId());
    String info = status.getInfoOrThrow("info");
    assertTrue(info.contains("\"os\":\"windows\""), info);
    assertTrue(info.contains("\"os.version\":\"" + WindowsTestImages.osVersion(WindowsTestImages.LTSC2022) + "\""), info);
  }

  @Test
  void pullImage_importsTheDeltaLayerAndKeepsWindowsAttributes() throws Exception {
    pull(servercore, "");
    List<Path> app;
    try (var paths = Files.walk(dir.resolve("root"))) {
      app = paths.filter(p -> p.endsWith(WindowsTestImages.APP_FILE)).toList();
    }
    assertEquals(1, app.size(), "the delta layer's file, imported once: " + app);
    assertEquals(WindowsTestImages.GREETING + "\r\n", Files.readString(app.get(0)));
    Path delta = app.get(0).getParent().getParent().getParent();
    DirectoryLayerWriter.Recorded recorded = DirectoryLayerWriter.readMetadata(delta).entries()
        .get(WindowsTestImages.APP_FILE);
    assertEquals(0x20, recorded.attributes(), "FILE_ATTRIBUTE_ARCHIVE from MSWINDOWS.fileattr");
  }

  @Test
  void pullImage_olderBuild_needsTheHyperVHandler() {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> pull(old, ""));
    assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode(), refused.getStatus().toString());
    assertEquals(old.children().get("windows/amd64").configDigest().toString(), pull(old, HYPERV));
  }

  @Test
  void podAndContainers_lifecycleOverCri() throws Exception {
    pull(servercore, "");
    String pod = runPod("web", "");

    List<WinBridgeStandIn.Call> added = cni.calls();
    assertEquals(1, added.size(), added.toString());
    assertEquals("ADD", added.get(0).command());
    assertEquals(pod, added.get(0).containerId());
    assertTrue(GUID.matcher(added.get(0).netns()).matches(), "CNI_NETNS is the namespace GUID, not a path: " + added);
    var podStatus = runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(pod).build())
        .getStatus();
    assertEquals(PodSandboxState.SANDBOX_READY, podStatus.getState());
    assertTrue(podStatus.getNetwork().getIp().startsWith(cni.prefix()), podStatus.getNetwork().toString());

    String echo = createAndStart(pod, "echo", List.of(), WindowsContainerConfig.getDefaultInstance());
    ContainerStatus exited = awaitExit(echo);
    assertEquals(0, exited.getExitCode());
    Path log = dir.resolve("logs").resolve("web").resolve("echo.log");
    assertTrue(Files.readAllLines(log).stream()
        .anyMatch(line -> line.matches("\\S+ stdout F " + WindowsTestImages.GREETING + "\\r?")), Files.readString(log));

    String server = createAndStart(pod, "server", List.of("ping", "-t", "localhost"), WindowsContainerConfig.newBuilder()
        .setResources(WindowsContainerResources.newBuilder().setMemoryLimitInBytes(256L << 20)).build());
    assertEquals(ContainerState.CONTAINER_RUNNING, status(server).getState());

    ExecSyncResponse exec = runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(server)
        .addAllCmd(List.of("cmd", "/c", "echo", "from-exec")).setTimeout(30).build());
    assertEquals(0, exec.getExitCode());
    assertEquals("from-exec\r\n", exec.getStdout().toStringUtf8());
    ExecSyncResponse failed = runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(server)
        .addAllCmd(List.of("cmd", "/c", "exit", "3")).setTimeout(30).build());
    assertEquals(3, failed.getExitCode());

    ContainerStats stats = runtime().containerStats(ContainerStatsRequest.newBuilder().setContainerId(server).build())
        .getStats();
    assertEquals(server, stats.getAttributes().getId());
    assertTrue(stats.getMemory().getWorkingSetBytes().getValue() > 0, stats.toString());
    assertTrue(stats.getCpu().getUsageCoreNanoSeconds().getValue() > 0, stats.toString());
    assertEquals(List.of(server), runtime().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
        .getStatsList().stream().map(s -> s.getAttributes().getId()).filter(id -> id.equals(server)).toList());

    PodSandboxStats podStats = runtime().podSandboxStats(PodSandboxStatsRequest.newBuilder().setPodSandboxId(pod)
        .build()).getStats();
    assertFalse(podStats.hasLinux(), podStats.toString());
    WindowsPodSandboxStats windows = podStats.getWindows();
    assertTrue(windows.getMemory().getWorkingSetBytes().getValue() > 0, windows.toString());
    assertTrue(windows.getProcess().getProcessCount().getValue() > 0, windows.toString());
    assertEquals(List.of(server), windows.getContainersList().stream().map(c -> c.getAttributes().getId()).toList());
    assertEquals(List.of(pod), runtime().listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance())
        .getStatsList().stream().map(s -> s.getAttributes().getId()).toList());
    assertTrue(runtime().listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance()).getStats(0).hasWindows());

    runtime().updateContainerResources(UpdateContainerResourcesRequest.newBuilder().setContainerId(server)
        .setWindows(WindowsContainerResources.newBuilder().setMemoryLimitInBytes(512L << 20).setCpuMaximum(5000))
        .build());
    assertEquals(ContainerState.CONTAINER_RUNNING, status(server).getState());

    runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(server).setTimeout(10).build());
    assertEquals(ContainerState.CONTAINER_EXITED, status(server).getState());
    StatusRuntimeException notRunning = assertThrows(StatusRuntimeException.class,
        () -> runtime().updateContainerResources(UpdateContainerResourcesRequest.newBuilder().setContainerId(server)
            .setWindows(WindowsContainerResources.newBuilder().setMemoryLimitInBytes(128L << 20)).build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, notRunning.getStatus().getCode(), notRunning.getStatus().toString());
    runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(echo).build());

    runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(pod).build());
    runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod).build());
    List<WinBridgeStandIn.Call> calls = cni.calls();
    assertEquals("DEL", calls.get(calls.size() - 1).command(), calls.toString());
    assertEquals(pod, calls.get(calls.size() - 1).containerId());
    assertEquals(added.get(0).netns(), calls.get(calls.size() - 1).netns(), "DEL names the same namespace");
    assertEquals(List.of(), runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList());
  }

  @Test
  void createContainer_olderBuildInProcessIsolatedPod_isFailedPreconditionNamingBothBuilds() {
    pull(old, HYPERV);
    String pod = runPod("old-process", PROCESS);
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
        () -> create(pod, "old", old.reference(), List.of(), WindowsContainerConfig.getDefaultInstance()));
    assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode(), refused.getStatus().toString());
    String message = refused.getStatus().getDescription();
    assertTrue(message.contains("17763") && message.contains("20348") && message.contains(HYPERV), message);
  }

  @Test
  void createContainer_olderBuildUnderHyperV_runs() {
    pull(old, HYPERV);
    String pod = runPod("old-hyperv", HYPERV);
    String id = create(pod, "old", old.reference(), List.of(), WindowsContainerConfig.getDefaultInstance());
    runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
    assertEquals(0, awaitExit(id).getExitCode());
    Path log = dir.resolve("logs").resolve("old-hyperv").resolve("old.log");
    assertTrue(readQuietly(log).contains(" stdout F " + WindowsTestImages.GREETING), readQuietly(log));
  }

  @Test
  void runPodSandbox_unknownHandler_isInvalidArgument() {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> runPod("nohandler", "runc"));
    assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), refused.getStatus().toString());
    assertEquals(List.of(), cni.calls(), "no network for a refused pod");
  }

  @Test
  void restart_keepsThePodReadyAndTheRunningContainerWithItsPid() {
    pull(servercore, "");
    String pod = runPod("kept", "");
    String server = createAndStart(pod, "server", List.of("ping", "-t", "localhost"),
        WindowsContainerConfig.getDefaultInstance());
    String pid = pidOf(server);
    assertNotEquals("0", pid);

    stopDaemon();
    startDaemon();

    assertEquals(PodSandboxState.SANDBOX_READY, runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
        .setPodSandboxId(pod).build()).getStatus().getState());
    assertEquals(ContainerState.CONTAINER_RUNNING, status(server).getState());
    assertEquals(pid, pidOf(server));
    ExecSyncResponse exec = runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(server)
        .addAllCmd(List.of("cmd", "/c", "echo", "after-restart")).setTimeout(30).build());
    assertEquals("after-restart\r\n", exec.getStdout().toStringUtf8());
    runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(server).setTimeout(10).build());
    assertEquals(ContainerState.CONTAINER_EXITED, status(server).getState());
  }

  /** The PID the verbose status reports, as text. */
  private String pidOf(String container) {
    String info = runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(container)
        .setVerbose(true).build()).getInfoOrThrow("info");
    java.util.regex.Matcher pid = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)").matcher(info);
    assertTrue(pid.find(), info);
    return pid.group(1);
  }

  private String pull(PushedImage image, String handler) {
    return images().pullImage(PullImageRequest.newBuilder()
        .setImage(ImageSpec.newBuilder().setImage(image.reference()).setRuntimeHandler(handler)).build()).getImageRef();
  }

  private String runPod(String name, String handler) {
    PodSandboxConfig config = PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("default").setUid("uid-" + name))
        .setHostname(name)
        .setLogDirectory(dir.resolve("logs").resolve(name).toString())
        .build();
    String id = runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config)
        .setRuntimeHandler(handler).build()).getPodSandboxId();
    pods.put(id, config);
    return id;
  }

  private String create(String pod, String name, String image, List<String> command, WindowsContainerConfig windows) {
    ContainerConfig.Builder config = ContainerConfig.newBuilder()
        .setMetadata(ContainerMetadata.newBuilder().setName(name))
        .setImage(ImageSpec.newBuilder().setImage(image))
        .setLogPath(name + ".log")
        .setWindows(windows);
    if (!command.isEmpty()) {
      config.addAllCommand(command);
    }
    return runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(pod).setConfig(config)
        .setSandboxConfig(pods.get(pod)).build()).getContainerId();
  }

  private String createAndStart(String pod, String name, List<String> command, WindowsContainerConfig windows) {
    String id = create(pod, name, servercore.reference(), command, windows);
    runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
    return id;
  }

  private ContainerStatus status(String id) {
    return runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus();
  }

  private ContainerStatus awaitExit(String id) {
    await(() -> status(id).getState() == ContainerState.CONTAINER_EXITED, "container " + id + " to exit");
    return status(id);
  }

  private static void await(BooleanSupplier done, String what) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("waited 30 s for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "(no " + file + ": " + e.getMessage() + ")";
    }
  }
}

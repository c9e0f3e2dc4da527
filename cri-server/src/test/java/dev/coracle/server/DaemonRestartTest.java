package dev.coracle.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.cgroups.CgroupManager;
import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.cri.v1.Container;
import dev.coracle.cri.v1.ContainerConfig;
import dev.coracle.cri.v1.ContainerMetadata;
import dev.coracle.cri.v1.ContainerState;
import dev.coracle.cri.v1.ContainerStatusRequest;
import dev.coracle.cri.v1.CreateContainerRequest;
import dev.coracle.cri.v1.ImageServiceGrpc;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.LinuxPodSandboxConfig;
import dev.coracle.cri.v1.ListContainersRequest;
import dev.coracle.cri.v1.ListPodSandboxRequest;
import dev.coracle.cri.v1.PodSandbox;
import dev.coracle.cri.v1.PodSandboxConfig;
import dev.coracle.cri.v1.PodSandboxMetadata;
import dev.coracle.cri.v1.PullImageRequest;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.StartContainerRequest;
import dev.coracle.cri.v1.VersionRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the daemon while pods run: the next daemon finds every pod and container with its
 * true state, an exit that happened while no daemon watched included, and touches none.
 */
class DaemonRestartTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestRegistry registry;
  private static String image;

  @TempDir
  Path dir;

  private final String parent = "coracle-drt-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private Process daemon;
  private TestNetwork network;
  private ManagedChannel channel;

  @BeforeAll
  static void pushImage() {
    assumeTrue(isRoot(), "runs pods: needs root");
    registry = TestRegistry.start(TestRegistry.Auth.NONE);
    image = new TestImages(registry).busybox("restart/busybox", "1").reference();
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (daemon != null) {
      for (PodSandbox pod : runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()) {
        runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod.getId()).build());
      }
      channel.shutdownNow();
      daemon.destroy();
      daemon.waitFor(20, TimeUnit.SECONDS);
    }
    CgroupManager.forHost(Path.of("/sys/fs/cgroup")).remove(parent);
    if (network != null) {
      network.close();
    }
  }

  @Test
  void killMinus9_whilePodsRun_nextDaemonListsTheSameWithTheExitThatHappenedMeanwhile() throws Exception {
    start();
    ImageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
        .pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(image)).build());
    String pod = runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder().setName("restart").setNamespace("test").setUid("u1"))
        .setLogDirectory(dir.resolve("logs").toString())
        .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent(parent))).build()).getPodSandboxId();
    String keeps = container(pod, "keeps", true, "sleep", "1000");
    String dies = container(pod, "dies", true, "sh", "-c", "while [ ! -e /tmp/die ]; do sleep 0.05; done; exit 42");
    String waits = container(pod, "waits", false, "true");
    List<Container> before = containers();
    List<PodSandbox> podsBefore = runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList();
    long pid = pid(keeps);
    String podIp = podIp(pod);
    assertTrue(podIp.startsWith(network.subnet.substring(0, network.subnet.lastIndexOf('.'))), podIp);
    Path diesRootfs = Path.of(verbose(dies).path("rootfs").asText());

    channel.shutdownNow();
    daemon.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    // While no daemon watches, one container ends.
    Files.createFile(diesRootfs.resolve("tmp/die"));
    Path exitFile = dir.resolve("state/exits").resolve(dies);
    for (int i = 0; i < 500 && !Files.exists(exitFile); i++) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(exitFile), "conmon recorded no exit while the daemon was away");

    start();
    assertEquals(podsBefore, runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList());
    List<Container> after = containers();
    assertEquals(before.size(), after.size());
    for (int i = 0; i < before.size(); i++) {
      Container was = before.get(i);
      Container is = after.get(i);
      assertEquals(was.getId(), is.getId());
      ContainerState expected = was.getId().equals(dies) ? ContainerState.CONTAINER_EXITED : was.getState();
      assertEquals(was.toBuilder().setState(expected).build(), is, "container " + was.getMetadata().getName());
    }
    assertEquals(pid, pid(keeps), "the running container was restarted");
    assertEquals(podIp, podIp(pod), "the pod's address changed");
    assertTrue(ProcessHandle.of(pid).isPresent());
    var status = runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(dies).build()).getStatus();
    assertEquals(42, status.getExitCode());
    assertEquals("Error", status.getReason());
    assertEquals(ContainerState.CONTAINER_CREATED,
        runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(waits).build()).getStatus()
            .getState());
  }

  private String container(String pod, String name, boolean start, String... command) {
    String id = runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(pod)
        .setConfig(ContainerConfig.newBuilder()
            .setMetadata(ContainerMetadata.newBuilder().setName(name))
            .setImage(ImageSpec.newBuilder().setImage(image))
            .addAllCommand(List.of(command))
            .setLogPath(name + ".log"))
        .build()).getContainerId();
    if (start) {
      runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
    }
    return id;
  }

  private List<Container> containers() {
    return runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList().stream()
        .sorted(Comparator.comparing(Container::getId)).toList();
  }

  private com.fasterxml.jackson.databind.JsonNode verbose(String id) throws IOException {
    return JSON.readTree(runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id)
        .setVerbose(true).build()).getInfoOrThrow("info"));
  }

  private long pid(String id) throws IOException {
    return verbose(id).path("pid").asLong();
  }

  private String podIp(String pod) {
    return runtime().podSandboxStatus(dev.coracle.cri.v1.PodSandboxStatusRequest.newBuilder().setPodSandboxId(pod)
        .build()).getStatus().getNetwork().getIp();
  }

  private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
    return RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** The daemon as its own process, so that it can be killed without a chance to clean up. */
  private void start() throws Exception {
    Path config = dir.resolve("config.toml");
    if (network == null) {
      network = TestNetwork.create(dir);
    }
    Files.writeString(config, """
        root_dir = "%s"
        state_dir = "%s"
        [metrics]
        enabled = false
        """.formatted(dir.resolve("root"), dir.resolve("state")) + network.toml());
    daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile()))
        .start();
    Path socket = dir.resolve("state/coracle.sock");
    channel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
    for (int i = 0; i < 300; i++) {
      try {
        RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
            .version(VersionRequest.getDefaultInstance());
        return;
      } catch (RuntimeException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the daemon did not answer: " + Files.readString(dir.resolve("daemon.log")));
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException e) {
      return false;
    }
  }
}

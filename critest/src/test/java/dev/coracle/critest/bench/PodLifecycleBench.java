package dev.coracle.critest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.cri.v1.ContainerConfig;
import dev.coracle.cri.v1.ContainerMetadata;
import dev.coracle.cri.v1.ContainerState;
import dev.coracle.cri.v1.ContainerStatusRequest;
import dev.coracle.cri.v1.CreateContainerRequest;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.LinuxContainerConfig;
import dev.coracle.cri.v1.LinuxContainerSecurityContext;
import dev.coracle.cri.v1.LinuxPodSandboxConfig;
import dev.coracle.cri.v1.LinuxSandboxSecurityContext;
import dev.coracle.cri.v1.ListContainersRequest;
import dev.coracle.cri.v1.ListPodSandboxRequest;
import dev.coracle.cri.v1.NamespaceMode;
import dev.coracle.cri.v1.NamespaceOption;
import dev.coracle.cri.v1.PodSandboxConfig;
import dev.coracle.cri.v1.PodSandboxMetadata;
import dev.coracle.cri.v1.PullImageRequest;
import dev.coracle.cri.v1.RemoveContainerRequest;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import dev.coracle.cri.v1.StartContainerRequest;
import dev.coracle.cri.v1.StopContainerRequest;
import dev.coracle.cri.v1.StopPodSandboxRequest;
import dev.coracle.critest.CgroupTree;
import dev.coracle.critest.CriEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pod lifecycle against the endpoint under test, as kubelet drives it: N pods
 * ({@code -Dbench.pods}, default 50) of two containers each, every RPC of their life timed;
 * ListContainers and ListPodSandbox with 2N containers; the runtime's memory idle and with the
 * N pods running; and bare runc as the floor under CreateContainer + StartContainer.
 *
 * <p>Memory is read from /proc: the daemon is the process listening on the CRI socket; a pod's
 * extra is its infra process (catatonit, or a pause image's {@code pause}, found in the pod's
 * cgroup) plus its monitors (conmon, or containerd's shim: the parents of the pod's
 * processes, in or outside its cgroup). Containers' own processes are the same busybox for every
 * runtime and are left out.
 */
class PodLifecycleBench {

  private static final int PODS = Integer.getInteger("bench.pods", 50);
  private static final String UNTIL_TERM = "trap 'exit 0' TERM; sleep 2147483647 & wait";
  private static final NamespaceOption NAMESPACES = NamespaceOption.newBuilder()
      .setNetwork(NamespaceMode.POD).setIpc(NamespaceMode.POD).setPid(NamespaceMode.CONTAINER).build();
  private static final Set<String> INFRA_COMMANDS = Set.of("catatonit", "pause");

  private static TestRegistry registry;
  private static String image;
  private final CriEndpoint cri = CriEndpoint.get();
  private final Map<String, List<Long>> samples = new LinkedHashMap<>();
  private final List<Pod> pods = new ArrayList<>();

  private record Pod(String id, PodSandboxConfig config, String cgroupParent, List<String> containers) {}

  @BeforeAll
  static void pushImage() {
    registry = TestRegistry.start(TestRegistry.Auth.NONE);
    image = new TestImages(registry).busybox("bench/busybox", "1").reference();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private RuntimeServiceBlockingStub rt() {
    return cri.runtime().withDeadlineAfter(2, TimeUnit.MINUTES);
  }

  private <T> T timed(String rpc, Supplier<T> call) {
    long start = System.nanoTime();
    T result = call.get();
    samples.computeIfAbsent(rpc, k -> new ArrayList<>()).add(System.nanoTime() - start);
    return result;
  }

  @Test
  void podLifecycle() throws Exception {
    String runtime = cri.version().getRuntimeName();
    Path socket = Path.of(cri.target().substring("unix://".length()));
    long daemon = ProcFs.socketOwner(socket);
    cri.images().withDeadlineAfter(5, TimeUnit.MINUTES)
        .pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(image)).build());
    warmUp();
    long idleRss = ProcFs.rssKib(daemon);
    try {
      for (int i = 0; i < PODS; i++) {
        startPod(i);
      }
      long busyRss = ProcFs.rssKib(daemon);
      PodMemory memory = podMemory();
      listLatencies(runtime);
      BenchReport.line(String.format(Locale.ROOT, "%-40s idle=%d KiB  with %d pods=%d KiB  (+%d KiB/pod)",
          "daemon RSS: " + runtime, idleRss, PODS, busyRss, (busyRss - idleRss) / PODS));
      BenchReport.line(String.format(Locale.ROOT,
          "%-40s infra RSS=%d KiB PSS=%d KiB  monitors=%.1f RSS=%d KiB PSS=%d KiB",
          "per-pod extra: " + runtime, memory.infraRss() / PODS, memory.infraPss() / PODS,
          (double) memory.monitors() / PODS, memory.monitorRss() / PODS, memory.monitorPss() / PODS));
      for (Pod pod : List.copyOf(pods)) {
        stopPod(pod);
        pods.remove(pod);
      }
    } finally {
      for (Pod pod : pods) {
        removeQuietly(pod);
      }
      pods.clear();
    }
    for (String rpc : List.of("RunPodSandbox", "CreateContainer", "StartContainer", "StopContainer",
        "RemoveContainer", "StopPodSandbox", "RemovePodSandbox")) {
      BenchReport.line(Percentiles.ofNanos(samples.get(rpc)).row(rpc + ": " + runtime));
    }
    runcFloor();
  }

  /** One pod through its whole life first, so that no first-call cost lands in the samples. */
  private void warmUp() {
    Pod pod = startPod(-1);
    stopPod(pod);
    pods.remove(pod);
    samples.clear();
  }

  /** Runs a pod of two containers; it is in {@link #pods} from its RunPodSandbox on, for cleanup. */
  private Pod startPod(int index) {
    String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    String cgroupParent = "/critest-bench-" + suffix;
    PodSandboxConfig config = PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder().setName("bench-" + index + "-" + suffix)
            .setNamespace("critest-bench").setUid(UUID.randomUUID().toString()))
        .putLabels("critest.bench", suffix)
        .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent(cgroupParent)
            .setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(NAMESPACES)))
        .build();
    String id = timed("RunPodSandbox", () -> rt().runPodSandbox(RunPodSandboxRequest.newBuilder()
        .setConfig(config).build()).getPodSandboxId());
    Pod pod = new Pod(id, config, cgroupParent, new ArrayList<>());
    pods.add(pod);
    for (String name : List.of("app", "sidecar")) {
      ContainerConfig container = ContainerConfig.newBuilder()
          .setMetadata(ContainerMetadata.newBuilder().setName(name))
          .setImage(ImageSpec.newBuilder().setImage(image))
          .addCommand("sh").addCommand("-c").addCommand(UNTIL_TERM)
          .setLinux(LinuxContainerConfig.newBuilder()
              .setSecurityContext(LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(NAMESPACES)))
          .build();
      String cid = timed("CreateContainer", () -> rt().createContainer(CreateContainerRequest.newBuilder()
          .setPodSandboxId(id).setConfig(container).setSandboxConfig(config).build()).getContainerId());
      pod.containers().add(cid);
      timed("StartContainer", () -> rt().startContainer(StartContainerRequest.newBuilder().setContainerId(cid).build()));
    }
    return pod;
  }

  private void stopPod(Pod pod) {
    for (String cid : pod.containers()) {
      timed("StopContainer", () -> rt().stopContainer(StopContainerRequest.newBuilder()
          .setContainerId(cid).setTimeout(30).build()));
      assertEquals(ContainerState.CONTAINER_EXITED, rt().containerStatus(ContainerStatusRequest.newBuilder()
          .setContainerId(cid).build()).getStatus().getState());
      timed("RemoveContainer", () -> rt().removeContainer(RemoveContainerRequest.newBuilder()
          .setContainerId(cid).build()));
    }
    timed("StopPodSandbox", () -> rt().stopPodSandbox(StopPodSandboxRequest.newBuilder()
        .setPodSandboxId(pod.id()).build()));
    timed("RemovePodSandbox", () -> rt().removePodSandbox(RemovePodSandboxRequest.newBuilder()
        .setPodSandboxId(pod.id()).build()));
    CgroupTree.remove(pod.cgroupParent());
  }

  private void removeQuietly(Pod pod) {
    try {
      rt().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(pod.id()).build());
      rt().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod.id()).build());
    } catch (RuntimeException e) {
      System.err.println("cleanup of pod " + pod.id() + " failed: " + e);
    }
    CgroupTree.remove(pod.cgroupParent());
  }

  private record PodMemory(long infraRss, long infraPss, int monitors, long monitorRss, long monitorPss) {}

  private PodMemory podMemory() {
    long infraRss = 0;
    long infraPss = 0;
    Set<Long> monitors = new LinkedHashSet<>();
    for (Pod pod : pods) {
      Set<Long> inPod = ProcFs.cgroupProcesses(pod.cgroupParent());
      for (long pid : inPod) {
        if (INFRA_COMMANDS.contains(ProcFs.comm(pid))) {
          infraRss += ProcFs.rssKib(pid);
          infraPss += ProcFs.pssKib(pid);
        }
        // conmon may sit inside the pod's cgroup (Coracle puts it there) or outside (shims).
        long parent = ProcFs.parent(pid);
        if (parent > 1 && isMonitor(ProcFs.comm(parent))) {
          monitors.add(parent);
        }
      }
    }
    long monitorRss = monitors.stream().mapToLong(ProcFs::rssKib).sum();
    long monitorPss = monitors.stream().mapToLong(ProcFs::pssKib).sum();
    assertTrue(infraRss > 0, "found the pods' infra processes");
    return new PodMemory(infraRss, infraPss, monitors.size(), monitorRss, monitorPss);
  }

  private static boolean isMonitor(String command) {
    return command.equals("conmon") || command.startsWith("containerd-shim");
  }

  private void listLatencies(String runtime) {
    List<Long> containers = new ArrayList<>();
    List<Long> sandboxes = new ArrayList<>();
    for (int i = -20; i < 200; i++) { // the first 20 warm up
      long t0 = System.nanoTime();
      int c = rt().listContainers(ListContainersRequest.getDefaultInstance()).getContainersCount();
      long t1 = System.nanoTime();
      int s = rt().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsCount();
      long t2 = System.nanoTime();
      assertTrue(c >= 2 * PODS && s >= PODS, c + " containers, " + s + " pods");
      if (i >= 0) {
        containers.add(t1 - t0);
        sandboxes.add(t2 - t1);
      }
    }
    BenchReport.line(Percentiles.ofNanos(containers).row("ListContainers, " + 2 * PODS + " containers: " + runtime));
    BenchReport.line(Percentiles.ofNanos(sandboxes).row("ListPodSandbox, " + PODS + " pods: " + runtime));
  }

  private void runcFloor() throws Exception {
    try (RuncFloor floor = new RuncFloor(UNTIL_TERM)) {
      RuncFloor.Samples floorSamples = floor.measure(PODS);
      BenchReport.line(Percentiles.ofNanos(floorSamples.create()).row("runc create (floor)"));
      BenchReport.line(Percentiles.ofNanos(floorSamples.start()).row("runc start (floor)"));
      BenchReport.line(Percentiles.ofNanos(floorSamples.both()).row("runc create + start (floor)"));
    }
  }

}

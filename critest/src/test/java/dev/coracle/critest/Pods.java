package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coracle.cri.v1.ContainerConfig;
import dev.coracle.cri.v1.ContainerMetadata;
import dev.coracle.cri.v1.ContainerState;
import dev.coracle.cri.v1.ContainerStatus;
import dev.coracle.cri.v1.ContainerStatusRequest;
import dev.coracle.cri.v1.CreateContainerRequest;
import dev.coracle.cri.v1.ExecSyncRequest;
import dev.coracle.cri.v1.ExecSyncResponse;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.LinuxContainerConfig;
import dev.coracle.cri.v1.LinuxContainerSecurityContext;
import dev.coracle.cri.v1.LinuxPodSandboxConfig;
import dev.coracle.cri.v1.LinuxSandboxSecurityContext;
import dev.coracle.cri.v1.NamespaceMode;
import dev.coracle.cri.v1.NamespaceOption;
import dev.coracle.cri.v1.PodSandboxConfig;
import dev.coracle.cri.v1.PodSandboxMetadata;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.StartContainerRequest;
import dev.coracle.cri.v1.StopPodSandboxRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The pods of one spec method, made as kubelet makes them (unique metadata, a cgroup parent, a
 * log directory) and all stopped and removed by {@link #close()}, whatever the spec did.
 * Containers are removed with their pod, as RemovePodSandbox promises.
 */
final class Pods implements AutoCloseable {

  /**
   * A shell that runs until SIGTERM and then exits 0 at once: PID 1 ignores an untrapped TERM,
   * and a trapped signal ends {@code wait} immediately.
   */
  static final String UNTIL_TERM = "trap 'exit 0' TERM; sleep 2147483647 & wait";

  /**
   * What kubelet sends for a pod that does not share its process namespace: network and IPC of
   * the pod, a PID namespace per container (so PID 1 is the container's own process).
   */
  static final NamespaceOption KUBELET_NAMESPACES = NamespaceOption.newBuilder()
      .setNetwork(NamespaceMode.POD).setIpc(NamespaceMode.POD).setPid(NamespaceMode.CONTAINER).build();

  /** A running pod: its ID and the config it was made with (containers need both). */
  record Pod(String id, PodSandboxConfig config) {
    Path logDirectory() {
      return Path.of(config.getLogDirectory());
    }
  }

  private final CriEndpoint cri;
  private final List<String> sandboxes = new ArrayList<>();
  private final List<Path> directories = new ArrayList<>();
  private final List<String> cgroupParents = new ArrayList<>();

  Pods(CriEndpoint cri) {
    this.cri = cri;
  }

  static String unique(String name) {
    return "critest-" + name + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  }

  String image() {
    return Busybox.pushed().reference();
  }

  /** A pod config with unique metadata, its own cgroup parent and log directory. */
  PodSandboxConfig.Builder config(String name) {
    String unique = unique(name);
    String cgroupParent = "/" + unique;
    cgroupParents.add(cgroupParent);
    Path logs = hostDirectory("logs");
    return PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder().setName(unique).setNamespace("critest")
            .setUid(UUID.randomUUID().toString()))
        .setLogDirectory(logs.toString())
        .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent(cgroupParent)
            .setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(KUBELET_NAMESPACES)));
  }

  /** A fresh host directory (for logs or a bind mount), removed by {@link #close()}. */
  Path hostDirectory(String what) {
    try {
      Path dir = Files.createTempDirectory("critest-" + what + "-");
      directories.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Pod run(PodSandboxConfig.Builder config) {
    return run(config, "");
  }

  Pod run(PodSandboxConfig.Builder config, String runtimeHandler) {
    PodSandboxConfig built = config.build();
    String id = cri.runtime().withDeadlineAfter(2, TimeUnit.MINUTES).runPodSandbox(RunPodSandboxRequest.newBuilder()
        .setConfig(built).setRuntimeHandler(runtimeHandler).build()).getPodSandboxId();
    sandboxes.add(id);
    return new Pod(id, built);
  }

  Pod run(String name) {
    return run(config(name));
  }

  /**
   * A container config of the busybox image running {@code command}, logging to {@code NAME.log}.
   * Specs add Linux settings with {@code mergeLinux}, keeping the namespaces.
   */
  ContainerConfig.Builder container(String name, String... command) {
    return ContainerConfig.newBuilder()
        .setMetadata(ContainerMetadata.newBuilder().setName(name))
        .setImage(ImageSpec.newBuilder().setImage(image()))
        .addAllCommand(List.of(command))
        .setLogPath(name + ".log")
        .setLinux(LinuxContainerConfig.newBuilder()
            .setSecurityContext(LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(KUBELET_NAMESPACES)));
  }

  /** A container running a shell {@code script}. */
  ContainerConfig.Builder shell(String name, String script) {
    return container(name, "sh", "-c", script);
  }

  String create(Pod pod, ContainerConfig.Builder container) {
    return cri.runtime().withDeadlineAfter(2, TimeUnit.MINUTES).createContainer(CreateContainerRequest.newBuilder()
        .setPodSandboxId(pod.id()).setConfig(container).setSandboxConfig(pod.config()).build()).getContainerId();
  }

  /** Creates and starts a container; returns its ID once it runs. */
  String start(Pod pod, ContainerConfig.Builder container) {
    String id = create(pod, container);
    cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
    return id;
  }

  /** A pod with one running container that lives until stopped: the usual exec target. */
  String runningContainer(String name) {
    return start(run(name), shell(name, UNTIL_TERM));
  }

  ContainerStatus status(String containerId) {
    return cri.runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(containerId).build())
        .getStatus();
  }

  ContainerStatus awaitState(String containerId, ContainerState state) {
    return Poll.until("container " + containerId + " in " + state, () -> status(containerId),
        s -> s.getState() == state);
  }

  ExecSyncResponse exec(String containerId, String... command) {
    return cri.runtime().withDeadlineAfter(2, TimeUnit.MINUTES).execSync(ExecSyncRequest.newBuilder()
        .setContainerId(containerId).addAllCmd(List.of(command)).build());
  }

  /** Runs a shell script in the container, which must succeed; returns its stdout. */
  String sh(String containerId, String script) {
    ExecSyncResponse response = exec(containerId, "sh", "-c", script);
    String stderr = response.getStderr().toString(StandardCharsets.UTF_8);
    assertEquals(0, response.getExitCode(), () -> "exit code of `" + script + "`; stderr: " + stderr);
    return response.getStdout().toString(StandardCharsets.UTF_8);
  }

  /** Stops and removes every pod made here, then removes their host directories and cgroup parents. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (String id : sandboxes) {
      try {
        stopUnlessGone(cri, id);
        cri.runtime().withDeadlineAfter(2, TimeUnit.MINUTES)
            .removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
      } catch (RuntimeException e) {
        failure = chain(failure, new IllegalStateException("cleanup of pod " + id + " failed", e));
      }
    }
    sandboxes.clear();
    for (Path dir : directories) {
      try {
        deleteTree(dir);
      } catch (RuntimeException e) {
        failure = chain(failure, e);
      }
    }
    directories.clear();
    for (String parent : cgroupParents) {
      try {
        CgroupTree.remove(parent);
      } catch (RuntimeException e) {
        failure = chain(failure, e);
      }
    }
    cgroupParents.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * StopPodSandbox of a pod already removed: runtimes answer OK or NOT_FOUND (containerd 1.6),
   * and kubelet accepts both.
   */
  static void stopUnlessGone(CriEndpoint cri, String id) {
    try {
      cri.runtime().withDeadlineAfter(2, TimeUnit.MINUTES)
          .stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
    }
  }

  private static RuntimeException chain(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}

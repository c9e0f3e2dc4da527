package dev.coracle.core.backend;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.container.ContainerConfig;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.container.WindowsResources;
import dev.coracle.core.monitor.ExecResult;
import dev.coracle.core.sandbox.SandboxConfig;
import dev.coracle.core.sandbox.SandboxRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the server asks of a platform: pod sandboxes and their containers. Linux runs them
 * through an OCI runtime and conmon, Windows through the Host Compute Service; the server picks
 * one by operating system and knows nothing of how it works.
 *
 * <p>IDs given to container calls may be unique prefixes; sandbox calls take full IDs (the
 * server resolves prefixes against {@link #sandboxes()}). Stopping or removing what does not
 * exist succeeds, as CRI asks. Every failure is one of the {@code core.error} family.
 */
public interface PodBackend extends AutoCloseable {

  /** {@code linux} or {@code windows}: which half of a CRI config this backend reads. */
  String platform();

  /** The runtime handlers pods may name, the default first. */
  List<String> runtimeHandlers();

  /** Runs a pod; a retry of the same config gets the same ID. */
  String runSandbox(SandboxConfig config);

  /** Stops the pod's containers, then the pod (its network stays recorded until removal). */
  void stopSandbox(String id);

  /** Removes the pod's containers, then the pod. */
  void removeSandbox(String id);

  /** New limits for the whole pod (its resources plus overhead). */
  void updateSandboxResources(String id, CgroupLimits linux);

  Optional<SandboxRecord> sandbox(String id);

  Collection<SandboxRecord> sandboxes();

  /** What the backend made for the pod, for {@code crictl inspectp}: a JSON-able tree. */
  Map<String, Object> sandboxInfo(String id);

  /** Creates a container in a pod (by ID or unique prefix); returns its ID. */
  String createContainer(String sandboxId, ContainerConfig config);

  void startContainer(String id);

  /** Asks the container to stop, and kills it after the timeout. */
  void stopContainer(String id, Duration timeout);

  void removeContainer(String id);

  ContainerRecord container(String id);

  Collection<ContainerRecord> containers();

  /** What the backend made for the container, for {@code crictl inspect}: a JSON-able tree. */
  Map<String, Object> containerInfo(String id);

  ExecResult execSync(String id, List<String> command, Duration timeout);

  /** New limits: the half of the request for this backend's platform is used. */
  void updateContainerResources(String id, CgroupLimits linux, WindowsResources windows);

  void reopenContainerLog(String id);

  /** False where the backend has no stats yet: the stats RPCs then answer UNIMPLEMENTED. */
  boolean servesStats();

  /** The container's usage now; {@code UnimplementedException} where the backend has no stats. */
  ContainerUsage containerStats(String id);

  /** The pod's usage now, its running containers' included. */
  PodUsage sandboxStats(String id);

  /** True while the image with this ID is used by a container. */
  boolean usesImage(String imageId);

  @Override
  void close();
}

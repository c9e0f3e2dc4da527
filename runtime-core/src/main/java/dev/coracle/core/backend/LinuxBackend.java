package dev.coracle.core.backend;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.container.ContainerConfig;
import dev.coracle.core.container.ContainerManager;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.container.WindowsResources;
import dev.coracle.core.error.UnimplementedException;
import dev.coracle.core.monitor.ExecResult;
import dev.coracle.core.namespace.NamespaceKind;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import dev.coracle.core.oci.runtime.RuntimeHandlers;
import dev.coracle.core.sandbox.SandboxConfig;
import dev.coracle.core.sandbox.SandboxManager;
import dev.coracle.core.sandbox.SandboxRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Linux backend: pods from {@link SandboxManager} (pinned namespaces, a pod cgroup, an
 * infra process under conmon) and containers from {@link ContainerManager} (overlay roots, OCI
 * specs, runc or crun under conmon).
 */
public final class LinuxBackend implements PodBackend {

  private final RuntimeHandlers handlers;
  private final SandboxManager sandboxes;
  private final ContainerManager containers;

  public LinuxBackend(RuntimeHandlers handlers, SandboxManager sandboxes, ContainerManager containers) {
    this.handlers = handlers;
    this.sandboxes = sandboxes;
    this.containers = containers;
  }

  @Override
  public String platform() {
    return "linux";
  }

  @Override
  public List<String> runtimeHandlers() {
    List<String> names = new ArrayList<>();
    names.add(handlers.defaultHandler());
    handlers.names().stream().filter(n -> !n.equals(handlers.defaultHandler())).sorted().forEach(names::add);
    return names;
  }

  @Override
  public String runSandbox(SandboxConfig config) {
    return sandboxes.run(config);
  }

  @Override
  public void stopSandbox(String id) {
    containers.stopAll(id);
    sandboxes.stop(id);
  }

  @Override
  public void removeSandbox(String id) {
    containers.removeAll(id);
    sandboxes.remove(id);
  }

  @Override
  public void updateSandboxResources(String id, CgroupLimits linux) {
    sandboxes.update(id, linux);
  }

  @Override
  public Optional<SandboxRecord> sandbox(String id) {
    return sandboxes.get(id);
  }

  @Override
  public Collection<SandboxRecord> sandboxes() {
    return sandboxes.list();
  }

  /** Infra PID, runtime handler and program, cgroup, namespace pins, the pod's files, config. */
  @Override
  public Map<String, Object> sandboxInfo(String id) {
    SandboxRecord record = sandboxes.get(id).orElseThrow();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("pid", sandboxes.infraPid(id).orElse(0L));
    info.put("runtime_handler", record.runtimeHandler());
    OciRuntimeSettings runtime = sandboxes.infra(id).settings();
    info.put("runtime", Map.of("kind", runtime.name(), "binary", runtime.binary().toString(),
        "root", runtime.root().toString()));
    info.put("cgroup", record.cgroup());
    Map<String, String> namespaces = new LinkedHashMap<>();
    for (NamespaceKind kind : NamespaceKind.values()) {
      sandboxes.namespace(id, kind).ifPresent(pin -> namespaces.put(kind.file(), pin.toString()));
    }
    info.put("namespaces", namespaces);
    sandboxes.shmDir(id).ifPresent(shm -> info.put("shm", shm.toString()));
    info.put("files", Map.of("hosts", sandboxes.hostsFile(id).toString(),
        "hostname", sandboxes.hostnameFile(id).toString(),
        "resolv_conf", sandboxes.resolvConfFile(id).toString()));
    info.put("config", record.config());
    return info;
  }

  @Override
  public String createContainer(String sandboxId, ContainerConfig config) {
    return containers.create(sandboxId, config);
  }

  @Override
  public void startContainer(String id) {
    containers.start(id);
  }

  @Override
  public void stopContainer(String id, Duration timeout) {
    containers.stop(id, timeout);
  }

  @Override
  public void removeContainer(String id) {
    containers.remove(id);
  }

  @Override
  public ContainerRecord container(String id) {
    return containers.status(id);
  }

  @Override
  public Collection<ContainerRecord> containers() {
    return containers.list();
  }

  /** The keys crictl inspect users look for (pid, sandboxID, runtime), and the whole record. */
  @Override
  public Map<String, Object> containerInfo(String id) {
    ContainerRecord record = containers.status(id);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("sandboxID", record.sandboxId());
    info.put("pid", record.status().pid());
    info.put("runtimeHandler", record.runtimeHandler());
    info.put("cgroup", record.cgroup());
    info.put("rootfs", record.rootfs());
    info.put("record", record);
    return info;
  }

  @Override
  public ExecResult execSync(String id, List<String> command, Duration timeout) {
    return containers.execSync(id, command, timeout);
  }

  @Override
  public void updateContainerResources(String id, CgroupLimits linux, WindowsResources windows) {
    containers.updateResources(id, linux);
  }

  @Override
  public void reopenContainerLog(String id) {
    containers.reopenLog(id);
  }

  @Override
  public boolean servesStats() {
    return false;
  }

  @Override
  public ContainerUsage containerStats(String id) {
    throw new UnimplementedException("container stats are not served on Linux yet");
  }

  @Override
  public PodUsage sandboxStats(String id) {
    throw new UnimplementedException("pod sandbox stats are not served on Linux yet");
  }

  @Override
  public boolean usesImage(String imageId) {
    return containers.usesImage(imageId);
  }

  @Override
  public void close() {
    containers.close();
  }
}

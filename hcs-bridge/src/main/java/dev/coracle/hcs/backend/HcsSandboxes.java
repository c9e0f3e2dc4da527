package dev.coracle.hcs.backend;

import dev.coracle.core.error.AlreadyExistsException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.lifecycle.CleanupStack;
import dev.coracle.core.lifecycle.NameReservations;
import dev.coracle.core.lifecycle.RuntimeIds;
import dev.coracle.core.network.PodAttachment;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.core.sandbox.SandboxConfig;
import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.core.sandbox.SandboxState;
import dev.coracle.hcs.compute.Hcs;
import dev.coracle.hcs.compute.HcsException;
import dev.coracle.hcs.compute.HcsSystem;
import dev.coracle.hcs.document.ContainerDocuments;
import dev.coracle.hcs.document.ContainerInput;
import dev.coracle.hcs.document.Isolation;
import dev.coracle.hcs.document.NamespaceDocuments;
import dev.coracle.hcs.document.UtilityVmInput;
import dev.coracle.hcs.document.WindowsResourcesInput;
import dev.coracle.hcs.hcn.Hcn;
import dev.coracle.hcs.schema.HcsJson;
import dev.coracle.hcs.schema.HostComputeNamespace;
import dev.coracle.hcs.storage.LayerStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windows pods (WINDOWS.md §4, §2a, §2b, §6). A pod has an HCN namespace that its CNI plugin
 * (called with the namespace GUID) fills with an endpoint, and a compute system that holds it:
 * under process isolation a pause container from the pause image joined to the namespace;
 * under Hyper-V a utility VM booted from the pause image's base layer, with the namespace
 * added. A HostProcess pod has neither: it is the host's network and processes.
 */
final class HcsSandboxes {

  private static final Logger log = LoggerFactory.getLogger(HcsSandboxes.class);

  /** What the pod lifecycle runs on. */
  record Parts(Path root, Hcs hcs, Hcn hcn, LayerStorage storage, WindowsImages images, WindowsHandlers handlers,
      PodNetwork network, String pauseImage, int hostCpus) {}

  private final Parts parts;
  private final RecordFiles<HcsPod> records;
  private final NameReservations names = new NameReservations("pod sandbox");
  private final Map<String, HcsPod> pods = new ConcurrentHashMap<>();
  private final Map<String, HcsSystem> systems = new ConcurrentHashMap<>();

  HcsSandboxes(Parts parts) {
    this.parts = parts;
    this.records = new RecordFiles<>(parts.root().resolve("records"), HcsPod.class);
  }

  /** Takes in the pods a previous daemon left: a pod whose compute system is gone is NOTREADY. */
  void recover() {
    for (HcsPod pod : records.load()) {
      names.reserve(pod.sandbox().config().uniqueName(), pod.id());
      pods.put(pod.id(), pod);
      if (pod.sandbox().state() == SandboxState.READY && !pod.systemId().isEmpty()) {
        try {
          systems.put(pod.id(), parts.hcs().open(pod.systemId()));
        } catch (HcsException e) {
          log.warn("pod sandbox {}: its compute system {} is gone ({}); the pod is not ready", pod.id(),
              pod.systemId(), e.result());
          save(pod.withSandbox(pod.sandbox().withState(SandboxState.NOTREADY)));
        }
      }
    }
  }

  String run(SandboxConfig requested) {
    String handler = parts.handlers().resolveName(requested.runtimeHandler());
    SandboxConfig config = requested.withRuntimeHandler(handler);
    Isolation isolation = isolationOf(config);
    Optional<String> same = sameRun(config);
    if (same.isPresent()) {
      return same.get();
    }
    String id = RuntimeIds.random();
    names.reserve(config.uniqueName(), id);
    Path dir = parts.root().resolve(id);
    try (CleanupStack undo = new CleanupStack("pod sandbox " + id)) {
      undo.push("release the name", () -> names.release(config.uniqueName(), id));
      Dirs.create(dir);
      undo.push("remove the pod's directory", () -> Dirs.deleteTree(dir));
      String namespaceId = "";
      List<String> ips = List.of();
      if (isolation != Isolation.HOST_PROCESS) {
        namespaceId = NamespaceDocuments.namespaceId(
            parts.hcn().createNamespace(HcsJson.write(NamespaceDocuments.createNamespace())));
        String ns = namespaceId;
        undo.push("delete the HCN namespace", () -> parts.hcn().deleteNamespace(ns));
        PodAttachment attachment = attachment(id, config, namespaceId);
        ips = parts.network().attach(attachment);
        undo.push("detach the pod from its network", () -> parts.network().detach(attachment));
      }
      HcsSystem system = switch (isolation) {
        case PROCESS -> startPause(id, config, namespaceId, dir, undo);
        case HYPERV -> startUtilityVm(id, config, namespaceId, dir, undo);
        case HOST_PROCESS -> null;
      };
      SandboxRecord sandbox = new SandboxRecord(id, config, System.currentTimeMillis() * 1_000_000L,
          SandboxState.READY, "", handler, 0, false, ips);
      HcsPod pod = new HcsPod(sandbox, isolation, namespaceId, system == null ? "" : system.id(), dir.toString());
      save(pod);
      if (system != null) {
        systems.put(id, system);
      }
      undo.commit();
      return id;
    }
  }

  /**
   * Stops the pod's compute system and takes its endpoint away (the namespace stays until
   * removal, so a retried stop and the removal find it).
   */
  void stop(String id) {
    HcsPod pod = pods.get(id);
    if (pod == null) {
      return;
    }
    HcsSystem system = systems.remove(id);
    if (system != null) {
      terminate(system);
    }
    if (!pod.namespaceId().isEmpty()) {
      parts.network().detach(attachment(id, pod.sandbox().config(), pod.namespaceId()));
    }
    if (pod.sandbox().state() != SandboxState.NOTREADY) {
      save(pod.withSandbox(pod.sandbox().withState(SandboxState.NOTREADY)));
    }
  }

  void remove(String id) {
    HcsPod pod = pods.get(id);
    if (pod == null) {
      return;
    }
    stop(id);
    if (pod.isolation() == Isolation.PROCESS) {
      Path scratch = Path.of(pod.podDir()).resolve("pause");
      parts.storage().unmountScratch(scratch);
      parts.storage().destroyLayer(scratch);
    }
    if (!pod.namespaceId().isEmpty()) {
      parts.hcn().deleteNamespace(pod.namespaceId());
    }
    Dirs.deleteTree(Path.of(pod.podDir()));
    records.delete(id);
    pods.remove(id);
    names.release(pod.sandbox().config().uniqueName(), id);
  }

  Optional<HcsPod> get(String id) {
    return Optional.ofNullable(pods.get(id));
  }

  Collection<HcsPod> list() {
    return List.copyOf(pods.values());
  }

  /** The ready pod a container is created in. */
  HcsPod ready(String id) {
    HcsPod pod = pods.get(id);
    if (pod == null) {
      throw new NotFoundException("pod sandbox " + id + " not found");
    }
    if (pod.sandbox().state() != SandboxState.READY) {
      throw new FailedPreconditionException("pod sandbox " + id + " is not ready");
    }
    return pod;
  }

  /** The compute system the pod holds open: its pause container or its utility VM. */
  Optional<HcsSystem> system(String id) {
    return Optional.ofNullable(systems.get(id));
  }

  void close() {
    // Closing a handle does not stop the system: ShouldTerminateOnLastHandleClosed is false.
    systems.values().forEach(HcsSystem::close);
    systems.clear();
  }

  private Isolation isolationOf(SandboxConfig config) {
    Isolation isolation = parts.handlers().isolation(config.runtimeHandler());
    if (!config.windows().hostProcess()) {
      return isolation;
    }
    if (isolation == Isolation.HYPERV) {
      throw new InvalidArgumentException("a HostProcess pod cannot run under Hyper-V isolation (handler \""
          + config.runtimeHandler() + "\")");
    }
    if (!config.hostNetwork()) {
      throw new InvalidArgumentException("a HostProcess pod must use the host network");
    }
    return Isolation.HOST_PROCESS;
  }

  private Optional<String> sameRun(SandboxConfig config) {
    Optional<String> holder = names.holder(config.uniqueName());
    if (holder.isEmpty()) {
      return Optional.empty();
    }
    HcsPod other = pods.get(holder.get());
    if (other != null && other.sandbox().state() == SandboxState.READY && other.sandbox().config().equals(config)) {
      return holder;
    }
    throw new AlreadyExistsException("pod sandbox name \"" + config.uniqueName() + "\" is taken by " + holder.get());
  }

  private HcsSystem startPause(String id, SandboxConfig config, String namespaceId, Path dir, CleanupStack undo) {
    WindowsImages.Image pause = parts.images().ensure(parts.pauseImage());
    Path scratch = dir.resolve("pause");
    parts.storage().createScratch(scratch, pause.layers());
    undo.push("destroy the pause scratch", () -> parts.storage().destroyLayer(scratch));
    String volume = parts.storage().mountScratch(scratch, pause.layers());
    undo.push("unmount the pause scratch", () -> parts.storage().unmountScratch(scratch));
    ContainerInput input = new ContainerInput(id, hostname(config), Layers.refs(parts.storage(), pause.layers()), volume,
        List.of(), namespaceId, WindowsResourcesInput.NONE, parts.hostCpus(), null);
    HcsSystem system = parts.hcs().create(id, HcsJson.write(ContainerDocuments.processContainer(input)));
    undo.push("terminate the pause container", () -> terminate(system));
    system.start();
    ContainerProcesses.startDetached(system, pause, List.of(), "");
    return system;
  }

  private HcsSystem startUtilityVm(String id, SandboxConfig config, String namespaceId, Path dir, CleanupStack undo) {
    WindowsImages.Image pause = parts.images().ensure(parts.pauseImage());
    Path base = pause.layers().get(pause.layers().size() - 1);
    Path template = base.resolve("UtilityVM").resolve("SystemTemplate.vhdx");
    if (!Files.isRegularFile(template)) {
      throw new FailedPreconditionException("Hyper-V isolation needs a utility VM image: the pause image "
          + parts.pauseImage() + " has no UtilityVM\\SystemTemplate.vhdx in its base layer " + base);
    }
    Path vhdx = dir.resolve("vm").resolve("sandbox.vhdx");
    try {
      Files.createDirectories(vhdx.getParent());
      Files.copy(template, vhdx);
    } catch (IOException e) {
      throw new InternalException("cannot copy the utility VM's scratch for pod " + id + ": " + e.getMessage(), e);
    }
    parts.hcs().grantVmAccess(id, vhdx.toString());
    UtilityVmInput input = new UtilityVmInput(id, vhdx.toString(), base.toString(), config.annotations(),
        parts.hostCpus());
    HcsSystem vm = parts.hcs().create(id, HcsJson.write(ContainerDocuments.utilityVm(input)));
    undo.push("terminate the utility VM", () -> terminate(vm));
    vm.start();
    HostComputeNamespace namespace = HcsJson.read(parts.hcn().namespaceProperties(namespaceId),
        HostComputeNamespace.class);
    vm.modify(HcsJson.write(ContainerDocuments.networkNamespace(namespace)));
    return vm;
  }

  /** Terminates and lets go of a compute system; one already stopped or gone counts as done. */
  static void terminate(HcsSystem system) {
    try {
      system.terminate();
    } catch (HcsException e) {
      if (!e.result().isAlreadyStopped() && !e.result().isNotFound()) {
        throw e;
      }
    } finally {
      system.close();
    }
  }

  private static PodAttachment attachment(String id, SandboxConfig config, String namespaceId) {
    // On Windows the CNI "netns" is the HCN namespace's GUID, not a path (WINDOWS.md §4).
    return new PodAttachment(id, config.name(), config.namespace(), config.uid(), Path.of(namespaceId),
        config.portMappings(), config.annotations(), "", config.dns());
  }

  private static String hostname(SandboxConfig config) {
    return config.hostname().isEmpty() ? config.name() : config.hostname();
  }

  private synchronized void save(HcsPod pod) {
    records.write(pod.id(), pod);
    pods.put(pod.id(), pod);
  }



}

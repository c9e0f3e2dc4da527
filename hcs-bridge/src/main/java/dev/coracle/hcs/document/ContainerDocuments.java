package dev.coracle.hcs.document;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.hcs.schema.Attachment;
import dev.coracle.hcs.schema.CombinedLayers;
import dev.coracle.hcs.schema.ComputeSystem;
import dev.coracle.hcs.schema.Container;
import dev.coracle.hcs.schema.ContainerProcessor;
import dev.coracle.hcs.schema.GuestModifyRequest;
import dev.coracle.hcs.schema.GuestNetworkRequest;
import dev.coracle.hcs.schema.HostComputeEndpoint;
import dev.coracle.hcs.schema.HostComputeNamespace;
import dev.coracle.hcs.schema.HostedSystem;
import dev.coracle.hcs.schema.MappedVirtualDiskGuest;
import dev.coracle.hcs.schema.ModifySettingRequest;
import dev.coracle.hcs.schema.NetworkAdapter;
import dev.coracle.hcs.schema.SchemaVersion;
import dev.coracle.hcs.schema.SystemQuery;
import dev.coracle.hcs.schema.VirtualSmbShare;
import dev.coracle.hcs.schema.VirtualSmbShareOptions;
import java.util.List;
import java.util.Optional;

/**
 * HCS compute-system documents and the modify requests that prepare and update them, built from
 * neutral inputs the backend has translated (WINDOWS.md §2).
 *
 * <p>Every compute system is owned by {@code coracle} and has {@code
 * ShouldTerminateOnLastHandleClosed: false}: containers outlive a daemon restart and the daemon
 * reconciles them at start by owner (the design note of WINDOWS.md §2a).
 */
public final class ContainerDocuments {

  /** The VSMB root a utility VM sees its shares under (WINDOWS.md §2b). */
  public static final String VSMB_GUEST_ROOT =
      "\\\\?\\VMSMB\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\";

  private ContainerDocuments() {}

  /**
   * A process-isolated container (WINDOWS.md §2a): {@code rootPath} is the mounted scratch's volume
   * GUID path, written with its trailing backslash; layers are host directories.
   */
  public static ComputeSystem processContainer(ContainerInput in) {
    if (!in.rootPath().regionMatches(true, 0, "\\\\?\\Volume{", 0, 11)) {
      throw new InvalidArgumentException(
          "container "
              + in.id()
              + " root "
              + in.rootPath()
              + " is not a volume GUID path (\\\\?\\Volume{...}\\)");
    }
    return new ComputeSystem(
        ComputeSystem.OWNER,
        SchemaVersion.HCS,
        null,
        null,
        ContainerBody.of(in, ContainerPaths.withTrailingBackslash(in.rootPath())),
        null,
        false);
  }

  /**
   * A container hosted in utility VM {@code uvmId} (WINDOWS.md §2b): {@code rootPath} is the guest
   * {@code ContainerRootPath} of {@link #combinedLayers}, layers and mount host paths are guest
   * paths ({@link #vsmbGuestPath}), and {@code hostCpus} the VM's vCPUs.
   */
  public static ComputeSystem hostedContainer(String uvmId, ContainerInput in) {
    return hosted(uvmId, ContainerBody.of(in, in.rootPath()));
  }

  /**
   * A hosted container as above, with containerd's {@code ScaleCpuLimitsToSandbox} for the Hyper-V
   * handler (WINDOWS.md §5, §8): Processor.Maximum is a share of the host's CPUs, so it is scaled
   * by host CPUs / VM vCPUs ({@code in.hostCpus()}) and clamped to 1–10000.
   */
  public static ComputeSystem hostedContainer(String uvmId, ContainerInput in, int hostCpus) {
    Inputs.requirePositive(hostCpus, "host CPUs");
    Container body = ContainerBody.of(in, in.rootPath());
    ContainerProcessor p = body.processor();
    if (p != null && p.maximum() != null) {
      long scaled = (long) p.maximum() * hostCpus / in.hostCpus();
      body =
          ContainerBody.withProcessor(
              body,
              ContainerProcessor.ofMaximum(
                  (int) Math.clamp(scaled, 1, WindowsResourcesInput.CPU_RANGE)));
    }
    return hosted(uvmId, body);
  }

  private static ComputeSystem hosted(String uvmId, Container body) {
    Inputs.requireText(uvmId, "utility VM id");
    return new ComputeSystem(
        ComputeSystem.OWNER,
        SchemaVersion.HCS,
        uvmId,
        new HostedSystem(SchemaVersion.HCS, body),
        null,
        null,
        false);
  }

  /**
   * The {@code HcsEnumerateComputeSystems} query for every compute system Coracle owns, which the
   * daemon reconciles at start (WINDOWS.md §2a design note, §2d).
   */
  public static SystemQuery ownedSystems() {
    return new SystemQuery(null, null, null, List.of(ComputeSystem.OWNER));
  }

  /** A pod's utility VM, booted from the image's base layer (WINDOWS.md §2b). */
  public static ComputeSystem utilityVm(UtilityVmInput in) {
    return new ComputeSystem(
        ComputeSystem.OWNER, SchemaVersion.HCS, null, null, null, UtilityVmDocument.of(in), false);
  }

  /** The path inside the utility VM of VSMB share {@code shareName} (WINDOWS.md §2b). */
  public static String vsmbGuestPath(String shareName) {
    return VSMB_GUEST_ROOT + Inputs.requireText(shareName, "VSMB share name");
  }

  /**
   * Shares host directory {@code hostPath} into the utility VM as {@code name} (WINDOWS.md §2b).
   */
  public static ModifySettingRequest vsmbShare(String name, String hostPath, boolean readOnly) {
    Inputs.requireText(name, "VSMB share name");
    Inputs.requireText(hostPath, "VSMB share host path");
    // A read-write share takes none of the caching and read-sharing options.
    VirtualSmbShareOptions options = readOnly ? readOnlyShare() : null;
    return new ModifySettingRequest(
        "VirtualMachine/Devices/VirtualSmb/Shares",
        ModifySettingRequest.ADD,
        new VirtualSmbShare(name, hostPath, null, options),
        null);
  }

  /**
   * Attaches a container scratch to the utility VM's SCSI controller and mounts it in the guest at
   * {@code guestPath} (WINDOWS.md §2b). Grant the VM access to the file first ({@code
   * HcsGrantVmAccess}).
   */
  public static ModifySettingRequest scsiScratch(
      int controller, int lun, String vhdxPath, String guestPath) {
    if (controller < 0 || lun < 0) {
      throw new InvalidArgumentException("SCSI controller and LUN must not be negative");
    }
    Inputs.requireText(vhdxPath, "scratch VHDX path");
    Inputs.requireText(guestPath, "scratch guest path");
    return new ModifySettingRequest(
        "VirtualMachine/Devices/Scsi/" + controller + "/Attachments/" + lun,
        ModifySettingRequest.ADD,
        new Attachment("VirtualDisk", vhdxPath, null),
        new GuestModifyRequest(
            "MappedVirtualDisk",
            ModifySettingRequest.ADD,
            new MappedVirtualDiskGuest(guestPath, lun)));
  }

  /**
   * Unions a container's layers (guest paths, top-most first) at {@code guestRoot} inside the
   * utility VM (WINDOWS.md §2b). No {@code FilterType}: Server 2022 guests reject it.
   */
  public static ModifySettingRequest combinedLayers(String guestRoot, List<LayerRef> layers) {
    Inputs.requireText(guestRoot, "guest root");
    if (layers == null || layers.isEmpty()) {
      throw new InvalidArgumentException("combined layers need at least the base layer");
    }
    return ModifySettingRequest.guestOnly(
        new GuestModifyRequest(
            "CombinedLayers",
            ModifySettingRequest.ADD,
            new CombinedLayers(guestRoot, ContainerBody.layers(layers))));
  }

  /** Adds the pod's HCN namespace to the utility VM's guest (WINDOWS.md §2b, §4). */
  public static ModifySettingRequest networkNamespace(HostComputeNamespace namespace) {
    if (namespace == null) {
      throw new InvalidArgumentException("a network namespace is required");
    }
    return ModifySettingRequest.guestOnly(
        new GuestModifyRequest("NetworkNamespace", ModifySettingRequest.ADD, namespace));
  }

  /** The guest pre-add of an endpoint as NIC {@code adapterId} (WINDOWS.md §2b). */
  public static ModifySettingRequest networkAdapterPreAdd(
      String adapterId, HostComputeEndpoint endpoint) {
    Inputs.requireText(adapterId, "network adapter id");
    return ModifySettingRequest.guestOnly(
        new GuestModifyRequest(
            "Network",
            ModifySettingRequest.ADD,
            new GuestNetworkRequest(adapterId, "PreAdd", endpoint)));
  }

  /**
   * Adds NIC {@code adapterId} bound to an endpoint to the utility VM and its guest (WINDOWS.md
   * §2b).
   */
  public static ModifySettingRequest networkAdapter(
      String adapterId, String endpointId, String macAddress) {
    Inputs.requireText(adapterId, "network adapter id");
    Inputs.requireText(endpointId, "endpoint id");
    return new ModifySettingRequest(
        "VirtualMachine/Devices/NetworkAdapters/" + adapterId,
        ModifySettingRequest.ADD,
        new NetworkAdapter(endpointId, macAddress),
        new GuestModifyRequest(
            "Network",
            ModifySettingRequest.ADD,
            new GuestNetworkRequest(adapterId, ModifySettingRequest.ADD, null)));
  }

  /**
   * The guest path of host named pipe {@code pipeName} shared into the utility VM: under the VSMB
   * root's {@code IPC$} (WINDOWS.md §2b).
   */
  public static String vsmbPipeGuestPath(String pipeName) {
    return VSMB_GUEST_ROOT + "IPC$\\" + Inputs.requireText(pipeName, "pipe name");
  }

  /** Removes a VSMB share added by {@link #vsmbShare}: the same resource, RequestType Remove. */
  public static ModifySettingRequest vsmbShareRemove(String name, String hostPath) {
    Inputs.requireText(name, "VSMB share name");
    return new ModifySettingRequest(
        "VirtualMachine/Devices/VirtualSmb/Shares",
        ModifySettingRequest.REMOVE,
        new VirtualSmbShare(name, hostPath, null, null),
        null);
  }

  /** Unmounts in the guest and detaches a disk added by {@link #scsiScratch}. */
  public static ModifySettingRequest scsiScratchRemove(int controller, int lun, String guestPath) {
    if (controller < 0 || lun < 0) {
      throw new InvalidArgumentException("SCSI controller and LUN must not be negative");
    }
    Inputs.requireText(guestPath, "scratch guest path");
    return new ModifySettingRequest(
        "VirtualMachine/Devices/Scsi/" + controller + "/Attachments/" + lun,
        ModifySettingRequest.REMOVE,
        null,
        new GuestModifyRequest(
            "MappedVirtualDisk",
            ModifySettingRequest.REMOVE,
            new MappedVirtualDiskGuest(guestPath, lun)));
  }

  /** Undoes {@link #combinedLayers} at {@code guestRoot}. */
  public static ModifySettingRequest combinedLayersRemove(String guestRoot) {
    Inputs.requireText(guestRoot, "guest root");
    return ModifySettingRequest.guestOnly(
        new GuestModifyRequest(
            "CombinedLayers", ModifySettingRequest.REMOVE, new CombinedLayers(guestRoot, null)));
  }

  /** Removes the pod's namespace from the guest, undoing {@link #networkNamespace}. */
  public static ModifySettingRequest networkNamespaceRemove(HostComputeNamespace namespace) {
    if (namespace == null) {
      throw new InvalidArgumentException("a network namespace is required");
    }
    return ModifySettingRequest.guestOnly(
        new GuestModifyRequest("NetworkNamespace", ModifySettingRequest.REMOVE, namespace));
  }

  /**
   * Removes NIC {@code adapterId} from the guest and the utility VM, undoing {@link
   * #networkAdapter}.
   */
  public static ModifySettingRequest networkAdapterRemove(String adapterId, String endpointId) {
    Inputs.requireText(adapterId, "network adapter id");
    Inputs.requireText(endpointId, "endpoint id");
    return new ModifySettingRequest(
        "VirtualMachine/Devices/NetworkAdapters/" + adapterId,
        ModifySettingRequest.REMOVE,
        new NetworkAdapter(endpointId, null),
        new GuestModifyRequest(
            "Network",
            ModifySettingRequest.REMOVE,
            new GuestNetworkRequest(adapterId, ModifySettingRequest.REMOVE, null)));
  }

  /**
   * A running process-isolated container's memory limit, rounded up to an even MB (WINDOWS.md §2e,
   * §8; build 19042+).
   */
  public static ModifySettingRequest containerMemory(long bytes) {
    requirePositiveBytes(bytes, "memory limit");
    return new ModifySettingRequest(
        "Container/Memory/SizeInMB",
        ModifySettingRequest.UPDATE,
        Megabytes.evenCeiling(bytes),
        null);
  }

  /**
   * A running process-isolated container's CPU limit, the one field chosen as at create (WINDOWS.md
   * §2e, §8; build 19042+); empty when the resources set none.
   */
  public static Optional<ModifySettingRequest> containerProcessor(
      WindowsResourcesInput resources, int hostCpus) {
    Inputs.requirePositive(hostCpus, "host CPUs");
    WindowsResourcesInput r = resources == null ? WindowsResourcesInput.NONE : resources;
    return ProcessorChoice.choose(r, hostCpus)
        .map(
            p ->
                new ModifySettingRequest(
                    "Container/Processor", ModifySettingRequest.UPDATE, p, null));
  }

  /** A utility VM's memory, rounded up to an even MB (WINDOWS.md §2b, §2e). */
  public static ModifySettingRequest uvmMemory(long bytes) {
    requirePositiveBytes(bytes, "utility VM memory");
    return new ModifySettingRequest(
        "VirtualMachine/ComputeTopology/Memory/SizeInMB",
        ModifySettingRequest.UPDATE,
        Megabytes.evenCeiling(bytes),
        null);
  }

  /**
   * Adds a mapped directory to a running process-isolated container (WINDOWS.md §2e; 17763+), with
   * the same container-path rules as at create.
   */
  public static ModifySettingRequest mappedDirectory(MountInput mount) {
    if (ContainerPaths.isPipe(mount)) {
      throw new InvalidArgumentException(
          "named pipe "
              + mount.containerPath()
              + " can only be mapped when the container is created");
    }
    return new ModifySettingRequest(
        "Container/MappedDirectories",
        ModifySettingRequest.ADD,
        ContainerPaths.directory(mount),
        null);
  }

  /** The options of a read-only share: layers and the UVM's OS (WINDOWS.md §2b). */
  static VirtualSmbShareOptions readOnlyShare() {
    return new VirtualSmbShareOptions(
        true, true, true, true, true, null, null, null, null, null, null, null);
  }

  private static void requirePositiveBytes(long bytes, String what) {
    if (bytes < 1) {
      throw new InvalidArgumentException(what + " must be at least 1 byte, got " + bytes);
    }
  }
}

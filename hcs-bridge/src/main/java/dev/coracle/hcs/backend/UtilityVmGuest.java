package dev.coracle.hcs.backend;

import dev.coracle.core.lifecycle.CleanupStack;
import dev.coracle.hcs.compute.Hcs;
import dev.coracle.hcs.compute.HcsException;
import dev.coracle.hcs.compute.HcsSystem;
import dev.coracle.hcs.document.ContainerDocuments;
import dev.coracle.hcs.document.LayerRef;
import dev.coracle.hcs.document.MountInput;
import dev.coracle.hcs.schema.HcsJson;
import dev.coracle.hcs.schema.ModifySettingRequest;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hosted container's share of its pod's utility VM (WINDOWS.md §2b): its layers and mapped
 * directories as VSMB shares, its scratch on the VM's SCSI controller 0, and its layers
 * combined at the scratch's guest path. Shares are named after the container and their order,
 * so two containers of a pod never collide and removal finds them again without a record.
 * Each step pushes its undo, so a create that fails half-way leaves the VM as it was.
 */
final class UtilityVmGuest {

  private static final Logger log = LoggerFactory.getLogger(UtilityVmGuest.class);
  private static final int CONTROLLER = 0;
  private static final String PIPE_PREFIX = "\\\\.\\pipe\\";

  private final Hcs hcs;
  private final HcsSystem vm;
  private final String prefix;

  UtilityVmGuest(Hcs hcs, HcsSystem vm, String containerId) {
    this.hcs = hcs;
    this.vm = vm;
    this.prefix = containerId.substring(0, 12);
  }

  /** Shares each layer read-only; returns the layers as the guest sees them, in the same order. */
  List<LayerRef> shareLayers(List<LayerRef> hostLayers, CleanupStack undo) {
    List<LayerRef> guest = new ArrayList<>();
    for (int i = 0; i < hostLayers.size(); i++) {
      String share = layerShare(i);
      String hostPath = hostLayers.get(i).path();
      vm.modify(HcsJson.write(ContainerDocuments.vsmbShare(share, hostPath, true)));
      undo.push("remove VSMB share " + share, () -> modify(ContainerDocuments.vsmbShareRemove(share, hostPath)));
      guest.add(new LayerRef(hostLayers.get(i).id(), ContainerDocuments.vsmbGuestPath(share)));
    }
    return guest;
  }

  /** Shares each mapped directory; returns the mounts with the guest's view of their host path. */
  List<MountInput> shareMounts(List<MountInput> mounts, CleanupStack undo) {
    List<MountInput> guest = new ArrayList<>();
    for (int i = 0; i < mounts.size(); i++) {
      MountInput m = mounts.get(i);
      if (isPipe(m)) {
        String pipe = m.containerPath().substring(PIPE_PREFIX.length());
        guest.add(new MountInput(ContainerDocuments.vsmbPipeGuestPath(pipe), m.containerPath(), m.readOnly()));
        continue;
      }
      String share = mountShare(i);
      vm.modify(HcsJson.write(ContainerDocuments.vsmbShare(share, m.hostPath(), m.readOnly())));
      undo.push("remove VSMB share " + share, () -> modify(ContainerDocuments.vsmbShareRemove(share, m.hostPath())));
      guest.add(new MountInput(ContainerDocuments.vsmbGuestPath(share), m.containerPath(), m.readOnly()));
    }
    return guest;
  }

  /** Grants the VM the scratch disk and attaches it; returns where the guest mounts it. */
  String attachScratch(String vhdx, int lun, CleanupStack undo) {
    String guestPath = scratchGuestPath();
    hcs.grantVmAccess(vm.id(), vhdx);
    vm.modify(HcsJson.write(ContainerDocuments.scsiScratch(CONTROLLER, lun, vhdx, guestPath)));
    undo.push("detach the scratch from SCSI LUN " + lun,
        () -> modify(ContainerDocuments.scsiScratchRemove(CONTROLLER, lun, guestPath)));
    return guestPath;
  }

  void combine(String guestRoot, List<LayerRef> guestLayers, CleanupStack undo) {
    vm.modify(HcsJson.write(ContainerDocuments.combinedLayers(guestRoot, guestLayers)));
    undo.push("uncombine the layers", () -> modify(ContainerDocuments.combinedLayersRemove(guestRoot)));
  }

  /**
   * Takes back what {@link #shareLayers}, {@link #shareMounts}, {@link #attachScratch} and
   * {@link #combine} added for a removed container, last first; each step is tried even when
   * one before it failed (the VM may already be gone with its pod).
   */
  void detach(List<LayerRef> hostLayers, List<MountInput> mounts, int lun) {
    List<ModifySettingRequest> steps = new ArrayList<>();
    steps.add(ContainerDocuments.combinedLayersRemove(scratchGuestPath()));
    steps.add(ContainerDocuments.scsiScratchRemove(CONTROLLER, lun, scratchGuestPath()));
    for (int i = mounts.size() - 1; i >= 0; i--) {
      if (!isPipe(mounts.get(i))) {
        steps.add(ContainerDocuments.vsmbShareRemove(mountShare(i), mounts.get(i).hostPath()));
      }
    }
    for (int i = hostLayers.size() - 1; i >= 0; i--) {
      steps.add(ContainerDocuments.vsmbShareRemove(layerShare(i), hostLayers.get(i).path()));
    }
    for (ModifySettingRequest step : steps) {
      try {
        modify(step);
      } catch (HcsException e) {
        log.warn("utility VM {}: cannot undo {} of container {}: {}", vm.id(), step.resourcePath(), prefix,
            e.getMessage());
      }
    }
  }

  private void modify(ModifySettingRequest request) {
    vm.modify(HcsJson.write(request));
  }

  private String layerShare(int index) {
    return prefix + "-l" + index;
  }

  private String mountShare(int index) {
    return prefix + "-m" + index;
  }

  private String scratchGuestPath() {
    return "C:\\mounts\\scsi\\" + prefix;
  }

  private static boolean isPipe(MountInput m) {
    return m.containerPath().toLowerCase().startsWith(PIPE_PREFIX);
  }
}

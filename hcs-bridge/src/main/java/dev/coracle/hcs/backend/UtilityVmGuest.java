package dev.coracle.hcs.backend;

import dev.coracle.hcs.compute.Hcs;
import dev.coracle.hcs.compute.HcsSystem;
import dev.coracle.hcs.document.ContainerDocuments;
import dev.coracle.hcs.document.LayerRef;
import dev.coracle.hcs.document.MountInput;
import dev.coracle.hcs.schema.HcsJson;
import java.util.ArrayList;
import java.util.List;

/**
 * A hosted container's share of its pod's utility VM (WINDOWS.md §2b): its layers and mapped
 * directories as VSMB shares, its scratch on the VM's SCSI controller 0, and its layers
 * combined at the scratch's guest path. Shares are named after the container, so two
 * containers of a pod never collide.
 */
final class UtilityVmGuest {

  private static final int CONTROLLER = 0;

  private final Hcs hcs;
  private final HcsSystem vm;
  private final String prefix;

  UtilityVmGuest(Hcs hcs, HcsSystem vm, String containerId) {
    this.hcs = hcs;
    this.vm = vm;
    this.prefix = containerId.substring(0, 12);
  }

  /** Shares each layer read-only; returns the layers as the guest sees them, in the same order. */
  List<LayerRef> shareLayers(List<LayerRef> hostLayers) {
    List<LayerRef> guest = new ArrayList<>();
    for (int i = 0; i < hostLayers.size(); i++) {
      String share = prefix + "-l" + i;
      vm.modify(HcsJson.write(ContainerDocuments.vsmbShare(share, hostLayers.get(i).path(), true)));
      guest.add(new LayerRef(hostLayers.get(i).id(), ContainerDocuments.vsmbGuestPath(share)));
    }
    return guest;
  }

  /** Shares each mapped directory; returns the mounts with the guest's view of their host path. */
  List<MountInput> shareMounts(List<MountInput> mounts) {
    List<MountInput> guest = new ArrayList<>();
    for (int i = 0; i < mounts.size(); i++) {
      MountInput m = mounts.get(i);
      if (m.containerPath().toLowerCase().startsWith("\\\\.\\pipe\\")) {
        String pipe = m.containerPath().substring("\\\\.\\pipe\\".length());
        guest.add(new MountInput(ContainerDocuments.vsmbPipeGuestPath(pipe), m.containerPath(), m.readOnly()));
        continue;
      }
      String share = prefix + "-m" + i;
      vm.modify(HcsJson.write(ContainerDocuments.vsmbShare(share, m.hostPath(), m.readOnly())));
      guest.add(new MountInput(ContainerDocuments.vsmbGuestPath(share), m.containerPath(), m.readOnly()));
    }
    return guest;
  }

  /** Grants the VM the scratch disk and attaches it; returns where the guest mounts it. */
  String attachScratch(String vhdx, int lun) {
    String guestPath = "C:\\mounts\\scsi\\" + prefix;
    hcs.grantVmAccess(vm.id(), vhdx);
    vm.modify(HcsJson.write(ContainerDocuments.scsiScratch(CONTROLLER, lun, vhdx, guestPath)));
    return guestPath;
  }

  void combine(String guestRoot, List<LayerRef> guestLayers) {
    vm.modify(HcsJson.write(ContainerDocuments.combinedLayers(guestRoot, guestLayers)));
  }
}

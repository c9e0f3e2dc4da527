package dev.coracle.hcs.document;

import dev.coracle.hcs.schema.Attachment;
import dev.coracle.hcs.schema.Chipset;
import dev.coracle.hcs.schema.ComputeTopology;
import dev.coracle.hcs.schema.Devices;
import dev.coracle.hcs.schema.GuestConnection;
import dev.coracle.hcs.schema.HvSocket2;
import dev.coracle.hcs.schema.HvSocketSystemConfig;
import dev.coracle.hcs.schema.Scsi;
import dev.coracle.hcs.schema.Uefi;
import dev.coracle.hcs.schema.UefiBootEntry;
import dev.coracle.hcs.schema.VirtualMachine;
import dev.coracle.hcs.schema.VirtualMachineMemory;
import dev.coracle.hcs.schema.VirtualMachineProcessor;
import dev.coracle.hcs.schema.VirtualSmb;
import dev.coracle.hcs.schema.VirtualSmbShare;
import java.util.List;
import java.util.Map;

/** The utility VM of a Hyper-V pod (WINDOWS.md §2b). */
final class UtilityVmDocument {

  static final String BOOT_MANAGER = "\\EFI\\Microsoft\\Boot\\bootmgfw.efi";

  /** SYSTEM and Administrators may bind hvsocket services in the VM (WINDOWS.md §2b). */
  static final String DEFAULT_BIND_SD = "D:P(A;;FA;;;SY)(A;;FA;;;BA)";

  static final String OS_SHARE = "os";
  static final long DIRECT_FILE_MAPPING_MB = 1024;

  private UtilityVmDocument() {}

  static VirtualMachine of(UtilityVmInput in) {
    return new VirtualMachine(
        true,
        new Chipset(new Uefi(new UefiBootEntry("VmbFs", BOOT_MANAGER, null, null))),
        new ComputeTopology(
            new VirtualMachineMemory(UvmTopology.memoryMb(in.annotations()), true, true, null),
            new VirtualMachineProcessor(
                UvmTopology.processors(in.annotations(), in.hostCpus()), null, null)),
        new Devices(
            Map.of(
                "0", new Scsi(Map.of("0", new Attachment("VirtualDisk", in.scratchVhdx(), null)))),
            new VirtualSmb(
                List.of(
                    new VirtualSmbShare(
                        OS_SHARE,
                        osFiles(in.baseLayerPath()),
                        null,
                        ContainerDocuments.readOnlyShare())),
                DIRECT_FILE_MAPPING_MB),
            new HvSocket2(new HvSocketSystemConfig(DEFAULT_BIND_SD, null, null)),
            null),
        new GuestConnection());
  }

  /** The UVM's OS is the image base layer's {@code UtilityVM\Files} (WINDOWS.md §2b, §3). */
  private static String osFiles(String baseLayerPath) {
    String base = baseLayerPath.endsWith("\\") ? baseLayerPath : baseLayerPath + "\\";
    return base + "UtilityVM\\Files";
  }
}

package dev.coracle.hcs.document;

import java.util.Map;

/**
 * What a pod's utility VM document is built from (WINDOWS.md §2b).
 *
 * @param id the utility VM's compute-system ID
 * @param scratchVhdx the UVM scratch, a copy of {@code <base>\UtilityVM\SystemTemplate.vhdx}
 *     (WINDOWS.md §3)
 * @param baseLayerPath the image's base layer directory, which holds {@code UtilityVM\Files}
 * @param annotations the pod's annotations; {@code io.microsoft.virtualmachine.*} size the VM
 * @param hostCpus logical CPUs of the host
 */
public record UtilityVmInput(
    String id,
    String scratchVhdx,
    String baseLayerPath,
    Map<String, String> annotations,
    int hostCpus) {

  public UtilityVmInput {
    Inputs.requireText(id, "utility VM id");
    Inputs.requireText(scratchVhdx, "utility VM scratch");
    Inputs.requireText(baseLayerPath, "base layer path");
    annotations = Inputs.copyOrEmpty(annotations);
    Inputs.requirePositive(hostCpus, "host CPUs");
  }
}

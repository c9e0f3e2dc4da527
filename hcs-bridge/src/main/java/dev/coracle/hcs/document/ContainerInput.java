package dev.coracle.hcs.document;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.hcs.schema.ContainerCredentialGuard;
import java.util.List;

/**
 * What a container document is built from, already translated by the backend.
 *
 * @param id the container ID
 * @param hostname the container's host name, or null to leave the image's
 * @param layers read-only layers, top-most first, base last (WINDOWS.md §3)
 * @param rootPath the volume GUID path of the mounted scratch (process isolation) or the guest root
 *     inside the utility VM (hosted container)
 * @param mounts mounts in order; null means none
 * @param networkNamespace the HCN namespace GUID, or null for none
 * @param resources CPU and memory limits; null means none
 * @param hostCpus logical CPUs of the host, or of the utility VM for a hosted container: the clamp
 *     of Processor.Count (WINDOWS.md §8)
 * @param credentialGuard the gMSA instance (WINDOWS.md §7), or null
 */
public record ContainerInput(
    String id,
    String hostname,
    List<LayerRef> layers,
    String rootPath,
    List<MountInput> mounts,
    String networkNamespace,
    WindowsResourcesInput resources,
    int hostCpus,
    ContainerCredentialGuard credentialGuard) {

  public ContainerInput {
    Inputs.requireText(id, "container id");
    layers = Inputs.copyOrEmpty(layers, "layers");
    if (layers.isEmpty()) {
      throw new InvalidArgumentException("container " + id + " needs at least its base layer");
    }
    Inputs.requireText(rootPath, "container root path");
    mounts = Inputs.copyOrEmpty(mounts, "mounts");
    resources = resources == null ? WindowsResourcesInput.NONE : resources;
    Inputs.requirePositive(hostCpus, "host CPUs");
  }
}

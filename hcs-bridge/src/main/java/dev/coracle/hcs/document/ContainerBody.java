package dev.coracle.hcs.document;

import dev.coracle.hcs.schema.Container;
import dev.coracle.hcs.schema.ContainerMemory;
import dev.coracle.hcs.schema.ContainerProcessor;
import dev.coracle.hcs.schema.GuestOs;
import dev.coracle.hcs.schema.Layer;
import dev.coracle.hcs.schema.MappedDirectory;
import dev.coracle.hcs.schema.MappedPipe;
import dev.coracle.hcs.schema.Networking;
import dev.coracle.hcs.schema.RegistryChanges;
import dev.coracle.hcs.schema.RegistryKey;
import dev.coracle.hcs.schema.RegistryValue;
import dev.coracle.hcs.schema.Storage;
import java.util.ArrayList;
import java.util.List;

/** The {@code Container} shared by process-isolated and hosted containers (WINDOWS.md §2a). */
final class ContainerBody {

  /**
   * hcsshim adds this to every container so servercore's services honour a graceful stop instead of
   * being killed after the default timeout (WINDOWS.md §2a).
   */
  static final RegistryValue WAIT_TO_KILL_SERVICE_TIMEOUT =
      new RegistryValue(
          new RegistryKey("System", "ControlSet001\\Control", null),
          "WaitToKillServiceTimeout",
          "String",
          String.valueOf(Integer.MAX_VALUE),
          null,
          null,
          null,
          null);

  private ContainerBody() {}

  static Container of(ContainerInput in, String storagePath) {
    return new Container(
        in.hostname() == null || in.hostname().isBlank() ? null : new GuestOs(in.hostname()),
        new Storage(layers(in.layers()), storagePath, null),
        directories(in.mounts()),
        pipes(in.mounts()),
        memory(in.resources()),
        ProcessorChoice.choose(in.resources(), in.hostCpus()).orElse(null),
        in.networkNamespace() == null || in.networkNamespace().isBlank()
            ? null
            : new Networking(in.networkNamespace(), null, null),
        null,
        in.credentialGuard(),
        new RegistryChanges(List.of(WAIT_TO_KILL_SERVICE_TIMEOUT), null));
  }

  static Container withProcessor(Container c, ContainerProcessor processor) {
    return new Container(
        c.guestOs(),
        c.storage(),
        c.mappedDirectories(),
        c.mappedPipes(),
        c.memory(),
        processor,
        c.networking(),
        c.hvSocket(),
        c.containerCredentialGuard(),
        c.registryChanges());
  }

  static List<Layer> layers(List<LayerRef> layers) {
    return layers.stream().map(l -> new Layer(l.id(), l.path())).toList();
  }

  private static List<MappedDirectory> directories(List<MountInput> mounts) {
    List<MappedDirectory> out = new ArrayList<>();
    for (MountInput m : mounts) {
      if (!ContainerPaths.isPipe(m)) {
        out.add(ContainerPaths.directory(m));
      }
    }
    return out;
  }

  private static List<MappedPipe> pipes(List<MountInput> mounts) {
    return mounts.stream().filter(ContainerPaths::isPipe).map(ContainerPaths::pipe).toList();
  }

  /** Whole MB rounded down at create; under 1 MB there is no limit to set (WINDOWS.md §8). */
  private static ContainerMemory memory(WindowsResourcesInput resources) {
    if (!WindowsResourcesInput.isSet(resources.memoryLimitBytes())) {
      return null;
    }
    long mb = Megabytes.floor(resources.memoryLimitBytes());
    return mb == 0 ? null : new ContainerMemory(mb);
  }
}

package dev.coracle.hcs.backend;

import dev.coracle.core.error.UnimplementedException;
import dev.coracle.core.monitor.ExecResult;
import dev.coracle.hcs.document.MountInput;
import dev.coracle.hcs.document.ProcessInput;
import dev.coracle.hcs.document.WindowsResourcesInput;
import dev.coracle.hcs.document.WindowsStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/** A node that runs no HostProcess containers: creating one is UNIMPLEMENTED, saying so. */
public final class NoHostProcesses implements HostProcesses {

  private static UnimplementedException refused() {
    return new UnimplementedException("HostProcess containers are not run by this node");
  }

  @Override
  public String prepare(String containerId, List<Path> layers, List<MountInput> mounts,
      WindowsResourcesInput resources, int hostCpus) {
    throw refused();
  }

  @Override
  public int start(String containerId, ProcessInput entrypoint, String rootfs, IntConsumer onExit) {
    throw refused();
  }

  @Override
  public void stop(String containerId, Duration timeout) {
    throw refused();
  }

  @Override
  public ExecResult exec(String containerId, List<String> command, Duration timeout) {
    throw refused();
  }

  @Override
  public void update(String containerId, WindowsResourcesInput resources, int hostCpus) {
    throw refused();
  }

  @Override
  public WindowsStats stats(String containerId) {
    throw refused();
  }

  /** Nothing was made, so nothing is left to remove. */
  @Override
  public void remove(String containerId) {}
}

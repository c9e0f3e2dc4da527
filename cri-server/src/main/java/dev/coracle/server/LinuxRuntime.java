package dev.coracle.server;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.cgroups.CgroupLayout;
import dev.coracle.core.container.ContainerManager;
import dev.coracle.core.container.ContainerSpecBuilder;
import dev.coracle.core.container.HostFacts;
import dev.coracle.core.container.ImageManagerSource;
import dev.coracle.core.image.ImageManager;
import dev.coracle.core.monitor.ExecSync;
import dev.coracle.core.sandbox.SandboxPods;
import dev.coracle.core.snapshot.OverlaySnapshots;
import dev.coracle.core.cgroups.CgroupManager;
import dev.coracle.core.monitor.CgroupfsConmonCgroup;
import dev.coracle.core.monitor.Conmon;
import dev.coracle.core.monitor.ExitWatcher;
import dev.coracle.core.namespace.NamespacePinner;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.core.oci.runtime.ProcessRunner;
import dev.coracle.core.oci.runtime.RuntimeHandlers;
import dev.coracle.core.oci.runtime.SystemProcessRunner;
import dev.coracle.core.sandbox.InfraProcesses;
import dev.coracle.core.sandbox.SandboxManager;
import dev.coracle.core.sys.LinuxSyscalls;
import dev.coracle.server.config.CoracleConfig;
import dev.coracle.server.config.LinuxSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux backend's parts, built once by the daemon and shared by the sandbox and container
 * handlers.
 *
 * @param handlers the runtime handlers (runc, crun, ...), each an OCI runtime with its own root
 * @param conmon the monitor every container and infra process runs under
 * @param runner how runtime programs are run
 * @param cgroups the host's cgroup layout
 * @param sandboxes the pod sandboxes, under {@code <state_dir>/sandboxes}
 * @param syscalls the kernel
 * @param stateDir volatile state (bundles, pins, exit files)
 * @param rootDir persistent state (images, layers)
 * @param logSizeMaxBytes conmon's log limit per container ({@code monitor.log_size_max_bytes}); 0 for none
 */
public record LinuxRuntime(RuntimeHandlers handlers, Conmon conmon, ProcessRunner runner, CgroupManager cgroups,
    SandboxManager sandboxes, LinuxSyscalls syscalls, Path stateDir, Path rootDir, long logSizeMaxBytes) {

  private static final Logger log = LoggerFactory.getLogger(LinuxRuntime.class);
  static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

  /** Builds every part and recovers the pods a previous daemon left (none is restarted or stopped). */
  static LinuxRuntime build(CoracleConfig config, LinuxSetup setup, LinuxSyscalls syscalls, PodNetwork network) {
    ProcessRunner runner = new SystemProcessRunner();
    CgroupManager cgroups = CgroupManager.forHost(CGROUP_ROOT);
    // conmon moves into the pod's cgroup before it starts anything, so it outlives the daemon's cgroup.
    Conmon conmon = new Conmon(setup.conmon(), runner, new CgroupfsConmonCgroup(CGROUP_ROOT), CREATE_TIMEOUT);
    InfraProcesses infras = InfraProcesses.of(setup.handlers(), conmon, runner, setup.infraBinary(),
        CgroupLayout.detect(CGROUP_ROOT));
    SandboxManager sandboxes = new SandboxManager(config.stateDir().resolve("sandboxes"),
        new NamespacePinner(syscalls), network, cgroups, infras, syscalls, setup.shmSizeBytes());
    return new LinuxRuntime(setup.handlers(), conmon, runner, cgroups, sandboxes, syscalls, config.stateDir(),
        config.rootDir(), setup.logSizeMaxBytes());
  }

  /**
   * Opens the containers (recovering those a previous daemon left) over the sandboxes and the
   * images: overlay snapshots under {@code <root_dir>/snapshots}, records under the state dir.
   * Cgroups are written through cgroupfs under either driver (a systemd parent slice is
   * expanded to its path): runc is not asked to go through systemd, so the spec names paths.
   */
  ContainerManager openContainers(ImageManager images) {
    ContainerManager containers = ContainerManager.open(new ContainerManager.Parts(stateDir, new SandboxPods(sandboxes),
        new ImageManagerSource(images), new OverlaySnapshots(rootDir.resolve("snapshots"), syscalls),
        new ContainerSpecBuilder(HostFacts.detect(CgroupDriver.CGROUPFS, CGROUP_ROOT)), handlers::resolve, conmon,
        new ExecSync(conmon.binary(), runner, stateDir.resolve("exec")), cgroups, runner, CGROUP_ROOT,
        logSizeMaxBytes));
    images.trackUsage(imageId -> containers.usesImage(imageId.toString()));
    return containers;
  }

  /**
   * Watches the infra processes' exit files, so a pod whose infra process dies turns NOTREADY
   * at once; exits recorded while no daemon watched are taken in too.
   */
  ExitWatcher watchInfraExits() {
    try {
      ExitWatcher watcher = ExitWatcher.start(sandboxes.exitDir(), exit -> infraExited(exit.containerId()));
      watcher.scan().forEach(exit -> infraExited(exit.containerId()));
      return watcher;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + sandboxes.exitDir() + " for infra process exits", e);
    }
  }

  private void infraExited(String sandboxId) {
    try {
      sandboxes.infraExited(sandboxId);
    } catch (RuntimeException e) {
      log.error("cannot record the exit of pod sandbox {}'s infra process: {}", sandboxId, e.toString());
    }
  }

  static void closeQuietly(ExitWatcher watcher) {
    try {
      watcher.close();
    } catch (IOException e) {
      log.warn("closing the infra exit watcher: {}", e.toString());
    }
  }
}

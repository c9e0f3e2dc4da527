package dev.coracle.core.sandbox;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.monitor.Conmon;
import dev.coracle.core.monitor.ContainerLaunch;
import dev.coracle.core.monitor.CreatedContainer;
import dev.coracle.core.namespace.NamespaceKind;
import dev.coracle.core.namespace.PinnedNamespaces;
import dev.coracle.core.oci.runtime.ContainerStatus;
import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import dev.coracle.core.oci.spec.Linux;
import dev.coracle.core.oci.spec.Process;
import dev.coracle.core.oci.spec.Spec;
import dev.coracle.core.oci.spec.SpecWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's infra process: the host's static {@code catatonit -P}, bind-mounted read-only into an
 * empty root and run through the same OCI runtime and monitor as containers. It holds the pod's
 * PID namespace when the pod has one, reaps orphans there, and marks the pod alive. No image is
 * pulled for it.
 */
public final class InfraProcess {

  /** Where the infra process's bundle and files go, per pod. */
  public record Paths(Path bundle, Path logFile, Path exitDir, Path persistDir, Path socketDir) {}

  private final Conmon conmon;
  private final OciRuntime runtime;
  private final OciRuntimeSettings settings;
  private final Path catatonit;

  public InfraProcess(Conmon conmon, OciRuntime runtime, OciRuntimeSettings settings, Path catatonit) {
    this.conmon = conmon;
    this.runtime = runtime;
    this.settings = settings;
    this.catatonit = catatonit;
  }

  /**
   * Writes the bundle and starts the process in the pod's pinned namespaces and cgroup.
   *
   * @param hostPid run in the host's PID namespace (a pod with {@code pid: NODE}); otherwise the
   *     process gets a PID namespace of its own, which the pod's containers share when the pod
   *     asks for one PID namespace
   */
  public CreatedContainer start(String id, Paths paths, PinnedNamespaces pins, boolean hostPid,
      String cgroupsPath) {
    return start(id, paths, pins, hostPid, cgroupsPath, "");
  }

  /**
   * As {@link #start(String, Paths, PinnedNamespaces, boolean, String)}, with conmon moved into
   * {@code conmonCgroup} (relative to the hierarchies; empty to stay in the daemon's) first, so
   * that stopping the daemon's own cgroup leaves the pod alone.
   */
  public CreatedContainer start(String id, Paths paths, PinnedNamespaces pins, boolean hostPid,
      String cgroupsPath, String conmonCgroup) {
    try {
      Files.createDirectories(paths.bundle().resolve("rootfs"));
      SpecWriter.write(paths.bundle(), spec(pins, hostPid, cgroupsPath));
    } catch (IOException e) {
      throw new InternalException("cannot write the infra bundle of pod " + id + ": " + e.getMessage(), e);
    }
    CreatedContainer created = conmon.create(launch(id, paths).withConmonCgroup(conmonCgroup));
    try {
      runtime.start(id);
    } catch (RuntimeException e) {
      remove(id, paths);
      throw e;
    }
    return created;
  }

  /** The pod's hostname was set when its UTS namespace was pinned; a host-UTS pod keeps the host's. */
  Spec spec(PinnedNamespaces pins, boolean hostPid, String cgroupsPath) {
    List<Linux.Namespace> namespaces = new ArrayList<>();
    namespaces.add(Linux.Namespace.fresh("mount"));
    if (!hostPid) {
      namespaces.add(Linux.Namespace.fresh("pid"));
    }
    pins.path(NamespaceKind.NET).ifPresent(p -> namespaces.add(new Linux.Namespace("network", p.toString())));
    pins.path(NamespaceKind.IPC).ifPresent(p -> namespaces.add(new Linux.Namespace("ipc", p.toString())));
    pins.path(NamespaceKind.UTS).ifPresent(p -> namespaces.add(new Linux.Namespace("uts", p.toString())));
    Process process = Process.of(Process.User.of(0, 0), List.of("/catatonit", "-P"), "/")
        .withEnv(List.of("PATH=/"))
        .withNoNewPrivileges(true);
    return Spec.empty()
        .withRoot(new Spec.Root("rootfs", true))
        .withProcess(process)
        .withMounts(List.of(
            new Spec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
            new Spec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
            new Spec.Mount("/catatonit", "bind", catatonit.toString(), List.of("rbind", "ro", "nosuid", "nodev"))))
        .withLinux(Linux.empty()
            .withNamespaces(namespaces)
            .withCgroupsPath(cgroupsPath)
            .withMaskedPaths(List.of("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug"),
                List.of("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus")));
  }

  /** SIGTERM, then SIGKILL when it has not exited within {@code grace}; stopping a stopped one is fine. */
  public void stop(String id, Duration grace) {
    if (!isRunning(id)) {
      return;
    }
    runtime.kill(id, 15, false);
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline) {
      if (!isRunning(id)) {
        return;
      }
      sleep(20);
    }
    runtime.kill(id, 9, true);
    for (int i = 0; i < 250 && isRunning(id); i++) {
      sleep(20);
    }
  }

  public boolean isRunning(String id) {
    return runtime.state(id).map(s -> s.status() == ContainerStatus.RUNNING || s.status() == ContainerStatus.CREATED)
        .orElse(false);
  }

  /** Deletes the runtime's container and the monitor's leftovers; removing a removed one is fine. */
  public void remove(String id, Paths paths) {
    runtime.delete(id, true);
    Conmon.removeLeftovers(launch(id, paths));
  }

  /** The runtime this infra process runs on. */
  public OciRuntimeSettings settings() {
    return settings;
  }

  /** The host PID of the running infra process. */
  public java.util.Optional<Long> pid(String id) {
    return runtime.state(id)
        .filter(s -> s.status() == ContainerStatus.RUNNING && s.pid() > 0)
        .map(s -> s.pid());
  }

  private ContainerLaunch launch(String id, Paths paths) {
    return ContainerLaunch.of(id, paths.bundle(), settings, paths.logFile(), paths.exitDir(), paths.persistDir(),
        paths.socketDir());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InternalException("interrupted while stopping an infra process");
    }
  }
}

package dev.coracle.core.container;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.container.ContainerSecurity.NamespaceModes;
import dev.coracle.core.container.ContainerSecurity.NamespaceModes.Mode;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.spec.Linux.Namespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The namespaces a container gets, and its cgroup's name for the OCI runtime.
 *
 * <p>Always a mount namespace of its own. PID: the pod's (joined through the infra process,
 * which holds it), a new one (CONTAINER), the host's (NODE, or POD in a host-PID pod), or that of
 * a target container (TARGET: the caller gives that container's host PID). Network, IPC and UTS
 * are the pod's pinned ones, or the host's where the pod uses the host's; a container cannot
 * choose otherwise than its pod. A cgroup namespace of its own on cgroup v2, where it hides the
 * host's tree above the container's cgroup; not on v1 (runc does not set one up there) and not
 * for a privileged container, which may manage cgroups for real.
 */
final class SpecNamespaces {

  private SpecNamespaces() {}

  static List<Namespace> of(String containerName, NamespaceModes modes, PodContext pod, Long targetPid,
      boolean privileged, boolean cgroupV2) {
    List<Namespace> namespaces = new ArrayList<>();
    namespaces.add(Namespace.fresh("mount"));
    pid(containerName, modes, pod, targetPid, namespaces);
    podShared("network", modes.network(), pod.netNs(), namespaces);
    podShared("ipc", modes.ipc(), pod.ipcNs(), namespaces);
    if (pod.utsNs() != null) {
      namespaces.add(new Namespace("uts", pod.utsNs().toString()));
    }
    if (cgroupV2 && !privileged) {
      namespaces.add(Namespace.fresh("cgroup"));
    }
    return List.copyOf(namespaces);
  }

  private static void pid(String containerName, NamespaceModes modes, PodContext pod, Long targetPid,
      List<Namespace> namespaces) {
    switch (modes.pid()) {
      case NODE -> { }
      case CONTAINER -> namespaces.add(Namespace.fresh("pid"));
      case POD -> {
        if (pod.hostPid()) {
          return;
        }
        if (pod.infraPid() == null) {
          throw new FailedPreconditionException("pod " + pod.sandboxId()
              + " has no running infra process, whose PID namespace container " + containerName + " would join");
        }
        namespaces.add(new Namespace("pid", procNs(pod.infraPid())));
      }
      case TARGET -> {
        if (modes.targetId().isEmpty()) {
          throw new InvalidArgumentException("container " + containerName
              + " asks for the PID namespace of a target container but names none");
        }
        if (targetPid == null) {
          throw new FailedPreconditionException("target container " + modes.targetId()
              + " is not running, so container " + containerName + " cannot join its PID namespace");
        }
        namespaces.add(new Namespace("pid", procNs(targetPid)));
      }
    }
  }

  private static void podShared(String type, Mode mode, Path podNs, List<Namespace> namespaces) {
    switch (mode) {
      case POD -> {
        if (podNs != null) {
          namespaces.add(new Namespace(type, podNs.toString()));
        }
      }
      case NODE -> {
        if (podNs != null) {
          throw new InvalidArgumentException("a container cannot use the host's " + type
              + " namespace when its pod has one of its own");
        }
      }
      default -> throw new InvalidArgumentException("the " + type + " namespace mode " + mode
          + " is not supported: a container shares its pod's or the host's");
    }
  }

  private static String procNs(long pid) {
    return "/proc/" + pid + "/ns/pid";
  }

  /**
   * The spec's {@code cgroupsPath}. cgroupfs: a path below the pod's cgroup,
   * {@code /<pod>/coracle-<first 12 of the id>}, the pod's own cgroup being named the same way.
   * systemd: runc's {@code slice:prefix:name} form, which runc turns into the transient unit
   * {@code coracle-<id>.scope} in the pod's slice (the last name of the pod's cgroup, which must
   * be a slice; runc expands {@code a-b.slice} into its parents itself).
   */
  static String cgroupsPath(CgroupDriver driver, String parent, String containerId) {
    String trimmed = parent == null ? "" : parent.replaceAll("^/+|/+$", "");
    if (trimmed.contains("..")) {
      throw new InvalidArgumentException("cgroup parent \"" + parent + "\" may not climb out of the hierarchy");
    }
    return switch (driver) {
      case CGROUPFS -> (trimmed.isEmpty() ? "" : "/" + trimmed) + "/coracle-"
          + containerId.substring(0, Math.min(12, containerId.length()));
      case SYSTEMD -> {
        String slice = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        if (!slice.isEmpty() && !slice.endsWith(".slice")) {
          throw new InvalidArgumentException("cgroup parent \"" + parent
              + "\" is not a systemd slice (name.slice), as the systemd cgroup driver needs");
        }
        yield slice + ":coracle:" + containerId;
      }
    };
  }
}

package dev.coracle.core.container;

import dev.coracle.core.container.ContainerConfig.MountRequest;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.mounts.DefaultMounts;
import dev.coracle.core.oci.spec.Spec.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container's mounts: the {@link DefaultMounts}, the pod's /etc/hosts, /etc/hostname and
 * /etc/resolv.conf, then the CRI mounts in request order; sorted by the depth of their
 * destination (stable), so that a parent is always mounted before anything inside it.
 *
 * <p>A CRI mount at the destination of a default mount or pod file replaces it, and a CRI mount
 * at /dev also replaces every default mount under /dev (they would be hidden by it anyway).
 *
 * <p>Every CRI bind mount is {@code rbind}, read-only or not: kubelet's volume directories can hold
 * mounts of their own, and a plain bind would show empty directories in their place. runc (and
 * crun) make only the top mount read-only for {@code ro}; {@code rro} (CRI's recursive_read_only,
 * mount_setattr(2), Linux 5.12 and later) makes the mounts below it read-only too.
 *
 * <p>Checks that need the host are the caller's: that a host path exists (kubelet creates the
 * ones it wants; a missing one must fail the create, naming the path), that the source of an
 * rshared mount is itself shared (rslave: shared or slave), symbolic links in host paths, and
 * the SELinux relabel itself. Where SELinux is enabled, a mount that asks for a relabel carries
 * the {@code z} option: the OCI runtimes leave it alone (it reaches mount(2) as data, which a bind
 * mount ignores), and it records in config.json what the caller relabelled.
 */
final class SpecMounts {

  /** The mounts and the root propagation they need (null: the runtime's default, rprivate). */
  record Result(List<Mount> mounts, String rootfsPropagation) {}

  private SpecMounts() {}

  static Result of(ContainerConfig config, PodContext pod, Map<String, Path> imageVolumes, boolean selinuxEnabled) {
    boolean readonlyRoot = config.security().readonlyRootfs();
    List<Mount> requested = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    String propagation = null;
    for (MountRequest request : config.mounts()) {
      String destination = SpecPaths.inContainer(request.containerPath(), "mount destination");
      if (!taken.add(destination)) {
        throw new InvalidArgumentException("two mounts have the destination " + destination);
      }
      if (request.isImage()) {
        requested.add(imageVolume(destination, request, imageVolumes));
        continue;
      }
      requested.add(bind(destination, request, selinuxEnabled));
      propagation = rootPropagation(propagation, request.propagation());
    }

    List<Mount> all = new ArrayList<>();
    String shm = pod.shmDir() == null ? null : pod.shmDir().toString();
    for (Mount mount : DefaultMounts.linux(config.security().privileged(), shm)) {
      boolean underDev = mount.destination().startsWith("/dev/") && taken.contains("/dev");
      if (!taken.contains(mount.destination()) && !underDev) {
        all.add(mount);
      }
    }
    podFiles(pod).forEach((destination, file) -> {
      if (file != null && !taken.contains(destination)) {
        all.add(new Mount(destination, "bind", file.toString(),
            options(List.of("rbind", "rprivate", readonlyRoot ? "ro" : "rw"), selinuxEnabled)));
      }
    });
    all.addAll(requested);
    all.sort(Comparator.comparingInt(m -> SpecPaths.depth(m.destination())));
    return new Result(List.copyOf(all), propagation);
  }

  private static Map<String, Path> podFiles(PodContext pod) {
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("/etc/hosts", pod.hostsFile());
    files.put("/etc/hostname", pod.hostnameFile());
    files.put("/etc/resolv.conf", pod.resolvConfFile());
    return files;
  }

  private static Mount bind(String destination, MountRequest request, boolean selinuxEnabled) {
    if (!request.hostPath().startsWith("/")) {
      throw new InvalidArgumentException("host path \"" + request.hostPath() + "\" of the mount at " + destination
          + " is not an absolute path");
    }
    List<String> options = new ArrayList<>(List.of("rbind", switch (request.propagation()) {
      case PRIVATE -> "rprivate";
      case HOST_TO_CONTAINER -> "rslave";
      case BIDIRECTIONAL -> "rshared";
    }));
    if (request.recursiveReadOnly()) {
      if (!request.readonly()) {
        throw new InvalidArgumentException("the mount at " + destination
            + " asks for recursive read-only but not for read-only; CRI requires both");
      }
      if (request.propagation() != ContainerConfig.Propagation.PRIVATE) {
        throw new InvalidArgumentException("the mount at " + destination
            + " asks for recursive read-only with " + request.propagation()
            + " propagation; a recursive read-only mount must be private");
      }
      options.addAll(List.of("ro", "rro"));
    } else {
      options.add(request.readonly() ? "ro" : "rw");
    }
    boolean relabel = selinuxEnabled && request.selinuxRelabel();
    return new Mount(destination, "bind", request.hostPath(), options(options, relabel));
  }

  private static Mount imageVolume(String destination, MountRequest request, Map<String, Path> imageVolumes) {
    Path prepared = imageVolumes.get(request.containerPath());
    if (prepared == null) {
      throw new InternalException("no prepared path for the image volume of " + request.image() + " at "
          + request.containerPath());
    }
    // An image's content is shared by every container using it: never writable.
    return new Mount(destination, "bind", prepared.toString(), List.of("rbind", "rprivate", "ro"));
  }

  private static List<String> options(List<String> options, boolean relabel) {
    if (!relabel) {
      return List.copyOf(options);
    }
    List<String> withLabel = new ArrayList<>(options);
    withLabel.add("z");
    return List.copyOf(withLabel);
  }

  // A propagating mount only works when the root's propagation lets events through: rshared for
  // a bidirectional mount, rslave (or rshared) for host-to-container.
  private static String rootPropagation(String current, ContainerConfig.Propagation asked) {
    return switch (asked) {
      case PRIVATE -> current;
      case HOST_TO_CONTAINER -> "rshared".equals(current) ? current : "rslave";
      case BIDIRECTIONAL -> "rshared";
    };
  }
}

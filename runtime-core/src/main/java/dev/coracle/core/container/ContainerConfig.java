package dev.coracle.core.container;

import dev.coracle.core.cgroups.CgroupLimits;
import java.util.List;
import java.util.Map;

/**
 * What a container asks for, in the runtime's own terms (the server translates CRI's
 * {@code ContainerConfig} into this). Lists and maps are never null.
 *
 * @param image the image as the request names it: a reference or an image ID
 * @param command replaces the image's entrypoint when not empty
 * @param args replaces the image's cmd when not empty
 * @param workingDir replaces the image's working directory when not empty
 * @param env {@code KEY=VALUE}, in request order, applied over the image's environment
 * @param logPath the log file, relative to the pod's log directory; empty for none
 * @param resources the container's cgroup limits; {@link CgroupLimits#NONE} for none
 * @param oomScoreAdj the score kubelet wants; the runtime may clamp it; null to inherit
 * @param stopSignal the signal that asks the container to stop (a name such as
 *     {@code SIGTERM}); empty for the image's, or SIGTERM when the image names none
 * @param windows what the container asks of a Windows node
 */
public record ContainerConfig(
    String name,
    int attempt,
    String image,
    List<String> command,
    List<String> args,
    String workingDir,
    List<String> env,
    List<MountRequest> mounts,
    List<DeviceRequest> devices,
    Map<String, String> labels,
    Map<String, String> annotations,
    String logPath,
    boolean stdin,
    boolean stdinOnce,
    boolean tty,
    CgroupLimits resources,
    Integer oomScoreAdj,
    ContainerSecurity security,
    String stopSignal,
    WindowsContainerOptions windows) {

  public ContainerConfig {
    image = image == null ? "" : image;
    command = command == null ? List.of() : List.copyOf(command);
    args = args == null ? List.of() : List.copyOf(args);
    workingDir = workingDir == null ? "" : workingDir;
    env = env == null ? List.of() : List.copyOf(env);
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    devices = devices == null ? List.of() : List.copyOf(devices);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    logPath = logPath == null ? "" : logPath;
    resources = resources == null ? CgroupLimits.NONE : resources;
    security = security == null ? ContainerSecurity.DEFAULT : security;
    stopSignal = stopSignal == null ? "" : stopSignal;
    windows = windows == null ? WindowsContainerOptions.NONE : windows;
  }

  /** The same container with other Windows options (its limits after an update). */
  public ContainerConfig withWindows(WindowsContainerOptions next) {
    return new ContainerConfig(name, attempt, image, command, args, workingDir, env, mounts, devices, labels,
        annotations, logPath, stdin, stdinOnce, tty, resources, oomScoreAdj, security, stopSignal, next);
  }

  /** A container with nothing asked of a Windows node. */
  public ContainerConfig(String name, int attempt, String image, List<String> command, List<String> args,
      String workingDir, List<String> env, List<MountRequest> mounts, List<DeviceRequest> devices,
      Map<String, String> labels, Map<String, String> annotations, String logPath, boolean stdin, boolean stdinOnce,
      boolean tty, CgroupLimits resources, Integer oomScoreAdj, ContainerSecurity security, String stopSignal) {
    this(name, attempt, image, command, args, workingDir, env, mounts, devices, labels, annotations, logPath, stdin,
        stdinOnce, tty, resources, oomScoreAdj, security, stopSignal, WindowsContainerOptions.NONE);
  }

  /** A mount of a host path (or of an image, for CRI image volumes) into the container. */
  public record MountRequest(
      String containerPath,
      String hostPath,
      boolean readonly,
      boolean recursiveReadOnly,
      boolean selinuxRelabel,
      Propagation propagation,
      String image,
      String imageSubPath) {

    public MountRequest {
      hostPath = hostPath == null ? "" : hostPath;
      propagation = propagation == null ? Propagation.PRIVATE : propagation;
      image = image == null ? "" : image;
      imageSubPath = imageSubPath == null ? "" : imageSubPath;
    }

    public static MountRequest bind(String containerPath, String hostPath, boolean readonly) {
      return new MountRequest(containerPath, hostPath, readonly, false, false, Propagation.PRIVATE, "", "");
    }

    /** True for a CRI image volume: the content comes from an image, not from the host. */
    public boolean isImage() {
      return !image.isEmpty();
    }
  }

  /** CRI's MountPropagation. */
  public enum Propagation {
    PRIVATE,
    HOST_TO_CONTAINER,
    BIDIRECTIONAL
  }

  /** A host device made visible in the container; {@code permissions} holds r, w and m. */
  public record DeviceRequest(String containerPath, String hostPath, String permissions) {
    public DeviceRequest {
      permissions = permissions == null || permissions.isEmpty() ? "rwm" : permissions;
    }
  }
}

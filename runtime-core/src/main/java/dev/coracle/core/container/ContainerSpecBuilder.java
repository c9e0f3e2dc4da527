package dev.coracle.core.container;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.container.ContainerSecurity.SelinuxLabel;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.manifest.ImageConfig;
import dev.coracle.core.oci.security.Capabilities;
import dev.coracle.core.oci.security.MaskedPaths;
import dev.coracle.core.oci.security.SeccompProfiles;
import dev.coracle.core.oci.spec.Linux;
import dev.coracle.core.oci.spec.Process;
import dev.coracle.core.oci.spec.Spec;
import dev.coracle.core.oci.user.ResolvedUser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A container's OCI runtime spec ({@code config.json}) from its CRI request, its image's config,
 * its resolved user and its pod. Pure: every fact about the host is given to the constructor,
 * every per-container lookup on the host (image volume paths, device numbers, a target
 * container's PID) to {@link #build}; the one file it reads is a Localhost seccomp profile.
 *
 * <p>What it does not check because that needs the host: that mount sources exist (a missing
 * one must fail the create naming the path), that an rshared/rslave source is shared, the
 * SELinux relabel of mount sources, that an AppArmor profile is loaded. Rlimits: none of its own
 * unless configured, so a container inherits the runtime's, as under containerd and CRI-O.
 */
public final class ContainerSpecBuilder {

  /** The annotation keys containerd sets on a container's spec, which tools reading specs expect. */
  public static final String CONTAINER_TYPE = "io.kubernetes.cri.container-type";
  public static final String SANDBOX_ID = "io.kubernetes.cri.sandbox-id";
  public static final String CONTAINER_NAME = "io.kubernetes.cri.container-name";
  public static final String IMAGE_NAME = "io.kubernetes.cri.image-name";

  /**
   * What the host offers and how the runtime is configured.
   *
   * @param capabilities what the runtime may grant (its own bounding set)
   * @param seccomp the profiles for this host's architecture and kernel
   * @param oomScoreFloor the daemon's own oom_score_adj where the host withholds CAP_SYS_RESOURCE
   *     (a lower score cannot be set: lower requests are raised to it); null to pass scores through
   * @param appArmorEnabled whether the kernel enforces AppArmor
   * @param appArmorDefaultProfile the profile RuntimeDefault means (loaded on the host by whoever
   *     installs the runtime), as containerd's "cri-containerd.apparmor.d"
   * @param selinuxDefault the policy's default container process label, whose parts fill those a
   *     request leaves empty; {@link SelinuxLabel#NONE} where SELinux is not enabled
   * @param cgroupV2 the host's cgroups are the unified hierarchy
   * @param cgroupDriver who names and owns the cgroups (cgroupfs when null)
   * @param swapAccounting the memory controller accounts swap (memory.memsw.* or memory.swap.max)
   * @param rlimits set in every container; empty to inherit the runtime's
   * @param nodeHostname the node's name, for HOSTNAME in host-network pods; null for none
   */
  public record Host(
      Capabilities capabilities,
      SeccompProfiles seccomp,
      Integer oomScoreFloor,
      boolean appArmorEnabled,
      String appArmorDefaultProfile,
      SelinuxLabel selinuxDefault,
      boolean cgroupV2,
      CgroupDriver cgroupDriver,
      boolean swapAccounting,
      List<Process.Rlimit> rlimits,
      String nodeHostname) {

    public Host {
      selinuxDefault = selinuxDefault == null ? SelinuxLabel.NONE : selinuxDefault;
      rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
      cgroupDriver = cgroupDriver == null ? CgroupDriver.CGROUPFS : cgroupDriver;
    }
  }

  /**
   * What the caller found or made on the host for one container.
   *
   * @param imageVolumes for each image volume ({@code MountRequest.isImage()}), keyed by its
   *     {@code containerPath}, the host path to bind (image_sub_path already applied)
   * @param devices for each {@code DeviceRequest}, keyed by its {@code hostPath}, the host's node
   *     (type, major, minor, mode, owner; the path is replaced by the request's container path)
   * @param hostDevices every device node of the host (path as on the host), given to a privileged
   *     container; ignored for others
   * @param targetPid the host PID of the target container of a TARGET pid namespace; null when it
   *     is not running
   */
  public record Prepared(Map<String, Path> imageVolumes, Map<String, Linux.Device> devices,
      List<Linux.Device> hostDevices, Long targetPid) {

    public Prepared {
      imageVolumes = imageVolumes == null ? Map.of() : Map.copyOf(imageVolumes);
      devices = devices == null ? Map.of() : Map.copyOf(devices);
      hostDevices = hostDevices == null ? List.of() : List.copyOf(hostDevices);
    }

    public static Prepared of(Map<String, Path> imageVolumes) {
      return new Prepared(imageVolumes, Map.of(), List.of(), null);
    }
  }

  private final Host host;
  private final SpecConfinement confinement;

  public ContainerSpecBuilder(Host host) {
    this.host = host;
    this.confinement = new SpecConfinement(host);
  }

  /**
   * The spec of a container with no devices and no target PID namespace: {@link #build(String,
   * ContainerConfig, ImageConfig.RunConfig, ResolvedUser, PodContext, Path, Prepared)} with
   * {@link Prepared#of}.
   */
  public Spec build(String containerId, ContainerConfig config, ImageConfig.RunConfig image, ResolvedUser user,
      PodContext pod, Path rootfs, Map<String, Path> imageVolumes) {
    return build(containerId, config, image, user, pod, rootfs, Prepared.of(imageVolumes));
  }

  /**
   * The spec of container {@code containerId}.
   *
   * @param image the image's config; null when the image has none
   * @param rootfs the container's root file system (the mounted snapshot), absolute
   * @throws InvalidArgumentException for a request that cannot be run (no command, a relative or
   *     climbing path, a bad mount, device or capability, a privileged container in an
   *     unprivileged pod), naming what is wrong
   * @throws FailedPreconditionException when the pod has no infra process to share the PID
   *     namespace of, a target container is not running, or a capability or AppArmor profile
   *     cannot be had on this host
   */
  public Spec build(String containerId, ContainerConfig config, ImageConfig.RunConfig image, ResolvedUser user,
      PodContext pod, Path rootfs, Prepared prepared) {
    if (containerId == null || containerId.isEmpty()) {
      throw new InternalException("a container spec needs the container's ID");
    }
    if (!rootfs.isAbsolute()) {
      throw new InternalException("the root file system " + rootfs + " is not an absolute path");
    }
    ImageConfig.RunConfig run = image != null ? image
        : new ImageConfig.RunConfig(null, null, null, null, null, null, null, null, null);
    ContainerSecurity security = config.security();
    boolean privileged = security.privileged();
    if (privileged && !pod.privileged()) {
      throw new InvalidArgumentException("container " + config.name() + " is privileged but its pod "
          + pod.sandboxId() + " is not; a privileged container needs a privileged pod");
    }
    Process.Capabilities caps = Capabilities.toSpec(
        host.capabilities().resolve(security.addCapabilities(), security.dropCapabilities(), privileged),
        host.capabilities().ambient(security.addAmbientCapabilities()));
    SpecMounts.Result mounts = SpecMounts.of(config, pod, prepared.imageVolumes(), !host.selinuxDefault().isEmpty());
    SpecResources.Devices devices = SpecResources.devices(config.devices(), privileged, prepared.devices(),
        prepared.hostDevices());
    MaskedPaths.Resolved masked = MaskedPaths.forContainer(security.maskedPaths(), security.readonlyPaths(),
        privileged);
    Linux linux = Linux.empty()
        .withNamespaces(SpecNamespaces.of(config.name(), security.namespaces(), pod, prepared.targetPid(),
            privileged, host.cgroupV2()))
        .withDevices(devices.nodes().isEmpty() ? null : devices.nodes())
        .withCgroupsPath(SpecNamespaces.cgroupsPath(host.cgroupDriver(), pod.cgroupParent(), containerId))
        .withResources(SpecResources.of(config.resources(), devices.rules(), host.cgroupV2(), host.swapAccounting()))
        .withSysctl(pod.sysctls().isEmpty() ? null : new TreeMap<>(pod.sysctls()))
        .withSeccomp(confinement.seccomp(security, Set.copyOf(caps.bounding())))
        .withRootfsPropagation(mounts.rootfsPropagation())
        .withMaskedPaths(masked.masked(), masked.readonly());
    return Spec.empty()
        .withProcess(process(config, run, user, pod, caps))
        .withRoot(new Spec.Root(rootfs.toString(), security.readonlyRootfs()))
        // A host-network pod has the host's UTS namespace, whose name is not the container's to set.
        .withHostname(pod.utsNs() == null ? null : pod.hostname())
        .withMounts(mounts.mounts())
        .withAnnotations(annotations(config, pod))
        .withLinux(linux);
  }

  private Process process(ContainerConfig config, ImageConfig.RunConfig image, ResolvedUser user, PodContext pod,
      Process.Capabilities caps) {
    ContainerSecurity security = config.security();
    String hostname = pod.hostNetwork() || pod.hostname() == null || pod.hostname().isEmpty()
        ? host.nodeHostname() : pod.hostname();
    return Process.of(new Process.User(user.uid(), user.gid(), SpecProcess.UMASK, user.additionalGids()),
            SpecProcess.args(config, image), SpecProcess.cwd(config, image))
        .withTerminal(config.tty())
        .withEnv(SpecProcess.env(config, image, user, hostname))
        .withCapabilities(caps)
        .withRlimits(host.rlimits().isEmpty() ? null : host.rlimits())
        .withNoNewPrivileges(security.noNewPrivs())
        .withApparmorProfile(confinement.appArmor(security.apparmor(), security.privileged()))
        .withOomScoreAdj(confinement.oomScoreAdj(config.oomScoreAdj()))
        .withSelinuxLabel(confinement.selinuxLabel(security.selinux()));
  }

  /** The request's annotations, then the keys the runtime sets, which a request cannot override. */
  private static Map<String, String> annotations(ContainerConfig config, PodContext pod) {
    Map<String, String> annotations = new TreeMap<>(config.annotations());
    annotations.put(CONTAINER_TYPE, "container");
    annotations.put(SANDBOX_ID, pod.sandboxId());
    annotations.put(CONTAINER_NAME, config.name());
    annotations.put(IMAGE_NAME, config.image());
    return annotations;
  }

  /**
   * The signal that stops the container, canonically named ({@code SIGTERM}, {@code SIGRTMIN+3}):
   * the request's, else the image's StopSignal, else SIGTERM.
   *
   * @throws InvalidArgumentException when the chosen one is no Linux signal
   */
  public static String stopSignal(ContainerConfig config, ImageConfig.RunConfig image) {
    String chosen = !config.stopSignal().isEmpty() ? config.stopSignal()
        : image != null && image.stopSignal() != null && !image.stopSignal().isEmpty() ? image.stopSignal()
        : "SIGTERM";
    return SpecSignals.canonical(chosen);
  }

  /**
   * The number of a Linux signal given by name (with or without SIG, any case) or number.
   *
   * @throws InvalidArgumentException when it is none
   */
  public static int signalNumber(String signal) {
    return SpecSignals.number(signal);
  }
}

package dev.coracle.server.translate;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.container.ContainerConfig;
import dev.coracle.core.container.WindowsContainerOptions;
import dev.coracle.core.container.WindowsResources;
import dev.coracle.cri.v1.WindowsContainerConfig;
import dev.coracle.cri.v1.WindowsContainerResources;
import dev.coracle.cri.v1.WindowsContainerSecurityContext;
import dev.coracle.core.container.ContainerConfig.DeviceRequest;
import dev.coracle.core.container.ContainerConfig.MountRequest;
import dev.coracle.core.container.ContainerConfig.Propagation;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.container.ContainerSecurity;
import dev.coracle.core.container.ContainerSecurity.NamespaceModes;
import dev.coracle.core.container.ContainerSecurity.Profile;
import dev.coracle.core.container.ContainerSecurity.SelinuxLabel;
import dev.coracle.core.container.ContainerState;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.user.SupplementalGroupsPolicy;
import dev.coracle.cri.v1.Container;
import dev.coracle.cri.v1.ContainerMetadata;
import dev.coracle.cri.v1.ContainerResources;
import dev.coracle.cri.v1.ContainerStatus;
import dev.coracle.cri.v1.ContainerUser;
import dev.coracle.cri.v1.HugepageLimit;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.LinuxContainerResources;
import dev.coracle.cri.v1.LinuxContainerSecurityContext;
import dev.coracle.cri.v1.LinuxContainerUser;
import dev.coracle.cri.v1.Mount;
import dev.coracle.cri.v1.MountPropagation;
import dev.coracle.cri.v1.NamespaceMode;
import dev.coracle.cri.v1.NamespaceOption;
import dev.coracle.cri.v1.SecurityProfile;
import dev.coracle.cri.v1.Signal;
import java.util.LinkedHashMap;
import java.util.Map;

/** CRI's container messages to the runtime's container model and back. Pure functions. */
public final class ContainerTranslator {

  private ContainerTranslator() {}

  /** The runtime's view of a CreateContainer request's config. */
  public static ContainerConfig config(dev.coracle.cri.v1.ContainerConfig c) {
    if (!c.hasMetadata() || c.getMetadata().getName().isEmpty()) {
      throw new InvalidArgumentException("container config has no metadata.name");
    }
    if (c.getImage().getImage().isEmpty()) {
      throw new InvalidArgumentException("container " + c.getMetadata().getName() + ": image.image is empty");
    }
    LinuxContainerResources resources = c.getLinux().getResources();
    return new ContainerConfig(
        c.getMetadata().getName(),
        c.getMetadata().getAttempt(),
        c.getImage().getImage(),
        c.getCommandList(),
        c.getArgsList(),
        c.getWorkingDir(),
        c.getEnvsList().stream().map(kv -> kv.getKey() + "=" + kv.getValue().toStringUtf8()).toList(),
        c.getMountsList().stream().map(ContainerTranslator::mount).toList(),
        c.getDevicesList().stream().map(d -> new DeviceRequest(d.getContainerPath(), d.getHostPath(),
            d.getPermissions())).toList(),
        c.getLabelsMap(),
        c.getAnnotationsMap(),
        c.getLogPath(),
        c.getStdin(),
        c.getStdinOnce(),
        c.getTty(),
        limits(resources),
        c.getLinux().hasResources() ? (int) resources.getOomScoreAdj() : null,
        security(c.getLinux().getSecurityContext()),
        signalName(c.getStopSignal()),
        windows(c.getWindows()));
  }

  static WindowsContainerOptions windows(WindowsContainerConfig w) {
    WindowsContainerSecurityContext s = w.getSecurityContext();
    return new WindowsContainerOptions(windowsResources(w.getResources()), s.getRunAsUsername(), s.getCredentialSpec(),
        s.getHostProcess());
  }

  /** CRI's Windows resources; a zero means "not set", as kubelet sends it. */
  public static WindowsResources windowsResources(WindowsContainerResources r) {
    return new WindowsResources(positive(r.getCpuShares()), positive(r.getCpuCount()), positive(r.getCpuMaximum()),
        positive(r.getMemoryLimitInBytes()), positive(r.getRootfsSizeInBytes()),
        r.getAffinityCpusList().stream().map(a -> new WindowsResources.CpuAffinity(a.getCpuMask(), a.getCpuGroup()))
            .toList());
  }

  static MountRequest mount(Mount m) {
    if (m.getContainerPath().isEmpty()) {
      throw new InvalidArgumentException("a mount has no container_path");
    }
    if (m.getRecursiveReadOnly() && !m.getReadonly()) {
      throw new InvalidArgumentException("mount " + m.getContainerPath()
          + ": recursive_read_only needs readonly as well");
    }
    return new MountRequest(m.getContainerPath(), m.getHostPath(), m.getReadonly(), m.getRecursiveReadOnly(),
        m.getSelinuxRelabel(), propagation(m.getPropagation()), m.getImage().getImage(), m.getImageSubPath());
  }

  private static Propagation propagation(MountPropagation p) {
    return switch (p) {
      case PROPAGATION_HOST_TO_CONTAINER -> Propagation.HOST_TO_CONTAINER;
      case PROPAGATION_BIDIRECTIONAL -> Propagation.BIDIRECTIONAL;
      default -> Propagation.PRIVATE;
    };
  }

  /** CRI's resources; a zero means "not set", as kubelet sends it. */
  public static CgroupLimits limits(LinuxContainerResources r) {
    Map<String, Long> hugepages = new LinkedHashMap<>();
    for (HugepageLimit limit : r.getHugepageLimitsList()) {
      hugepages.put(limit.getPageSize(), limit.getLimit());
    }
    return new CgroupLimits(positive(r.getCpuShares()), positive(r.getCpuQuota()), positive(r.getCpuPeriod()),
        blankToNull(r.getCpusetCpus()), blankToNull(r.getCpusetMems()), positive(r.getMemoryLimitInBytes()), null,
        hugepages, r.getUnifiedMap());
  }

  static ContainerSecurity security(LinuxContainerSecurityContext s) {
    return new ContainerSecurity(
        s.getPrivileged(),
        s.getCapabilities().getAddCapabilitiesList(),
        s.getCapabilities().getDropCapabilitiesList(),
        s.getCapabilities().getAddAmbientCapabilitiesList(),
        s.hasRunAsUser() ? s.getRunAsUser().getValue() : null,
        s.hasRunAsGroup() ? s.getRunAsGroup().getValue() : null,
        s.getRunAsUsername(),
        s.getSupplementalGroupsList(),
        s.getSupplementalGroupsPolicy() == dev.coracle.cri.v1.SupplementalGroupsPolicy.Strict
            ? SupplementalGroupsPolicy.STRICT : SupplementalGroupsPolicy.MERGE,
        s.getReadonlyRootfs(),
        s.getNoNewPrivs(),
        s.getMaskedPathsList(),
        s.getReadonlyPathsList(),
        s.hasSeccomp() ? profile(s.getSeccomp()) : legacyProfile(s.getSeccompProfilePath(), "seccomp"),
        s.hasApparmor() ? profile(s.getApparmor()) : legacyApparmor(s.getApparmorProfile()),
        new SelinuxLabel(s.getSelinuxOptions().getUser(), s.getSelinuxOptions().getRole(),
            s.getSelinuxOptions().getType(), s.getSelinuxOptions().getLevel()),
        namespaces(s.getNamespaceOptions()));
  }

  static Profile profile(SecurityProfile p) {
    return switch (p.getProfileType()) {
      case RuntimeDefault -> Profile.RUNTIME_DEFAULT;
      case Unconfined -> Profile.UNCONFINED;
      case Localhost -> {
        if (p.getLocalhostRef().isEmpty()) {
          throw new InvalidArgumentException("a Localhost security profile needs localhost_ref");
        }
        yield new Profile(Profile.Kind.LOCALHOST, p.getLocalhostRef());
      }
      default -> throw new InvalidArgumentException("unknown security profile type " + p.getProfileTypeValue());
    };
  }

  /** The deprecated string fields kubelet sent before SecurityProfile: "", runtime/default, localhost/PATH. */
  static Profile legacyProfile(String text, String what) {
    if (text.isEmpty() || text.equals("unconfined")) {
      return Profile.UNCONFINED;
    }
    if (text.equals("runtime/default") || text.equals("docker/default")) {
      return Profile.RUNTIME_DEFAULT;
    }
    if (text.startsWith("localhost/")) {
      return new Profile(Profile.Kind.LOCALHOST, text.substring("localhost/".length()));
    }
    throw new InvalidArgumentException("unknown " + what + " profile \"" + text + "\"");
  }

  /** For AppArmor, unlike seccomp, CRI says an empty profile means the runtime's default. */
  static Profile legacyApparmor(String text) {
    return text.isEmpty() ? Profile.RUNTIME_DEFAULT : legacyProfile(text, "apparmor");
  }

  static NamespaceModes namespaces(NamespaceOption n) {
    NamespaceModes modes = new NamespaceModes(mode(n.getNetwork()), mode(n.getPid()), mode(n.getIpc()),
        n.getTargetId());
    if (modes.pid() == NamespaceModes.Mode.TARGET && modes.targetId().isEmpty()) {
      throw new InvalidArgumentException("namespace_options.pid is TARGET but target_id is empty");
    }
    return modes;
  }

  private static NamespaceModes.Mode mode(NamespaceMode mode) {
    return switch (mode) {
      case POD -> NamespaceModes.Mode.POD;
      case CONTAINER -> NamespaceModes.Mode.CONTAINER;
      case NODE -> NamespaceModes.Mode.NODE;
      case TARGET -> NamespaceModes.Mode.TARGET;
      default -> throw new InvalidArgumentException("unknown namespace mode " + mode.getNumber());
    };
  }

  /** CRI's Signal enum as the Linux name (SIGRTMIN+3, SIGRTMAX-2 spelled out); empty for RUNTIME_DEFAULT. */
  static String signalName(Signal signal) {
    if (signal == Signal.RUNTIME_DEFAULT || signal == Signal.UNRECOGNIZED) {
      return "";
    }
    String name = signal.name();
    if (name.startsWith("SIGRTMINPLUS")) {
      return "SIGRTMIN+" + name.substring("SIGRTMINPLUS".length());
    }
    if (name.startsWith("SIGRTMAXMINUS")) {
      return "SIGRTMAX-" + name.substring("SIGRTMAXMINUS".length());
    }
    return name;
  }

  static Signal signal(String name) {
    if (name == null || name.isEmpty()) {
      return Signal.RUNTIME_DEFAULT;
    }
    String upper = name.startsWith("SIG") ? name : "SIG" + name;
    String enumName = upper.replace("SIGRTMIN+", "SIGRTMINPLUS").replace("SIGRTMAX-", "SIGRTMAXMINUS");
    try {
      return Signal.valueOf(enumName);
    } catch (IllegalArgumentException e) {
      return Signal.RUNTIME_DEFAULT; // a numeric signal from an image has no name on the wire
    }
  }

  public static Container container(ContainerRecord r) {
    return Container.newBuilder()
        .setId(r.id())
        .setPodSandboxId(r.sandboxId())
        .setMetadata(metadata(r))
        .setImage(ImageSpec.newBuilder().setImage(r.imageName()))
        .setImageRef(r.imageRef())
        .setImageId(r.imageId())
        .setState(state(r.state()))
        .setCreatedAt(r.createdAtNanos())
        .putAllLabels(r.config().labels())
        .putAllAnnotations(r.config().annotations())
        .build();
  }

  public static ContainerStatus status(ContainerRecord r) {
    ContainerRecord.Status s = r.status();
    ContainerStatus.Builder status = ContainerStatus.newBuilder()
        .setId(r.id())
        .setMetadata(metadata(r))
        .setState(state(s.state()))
        .setCreatedAt(r.createdAtNanos())
        .setStartedAt(s.startedAtNanos())
        .setFinishedAt(s.finishedAtNanos())
        .setExitCode(s.exitCode())
        .setImage(ImageSpec.newBuilder().setImage(r.imageName()))
        .setImageRef(r.imageRef())
        .setImageId(r.imageId())
        .setReason(s.reason())
        .setMessage(s.message())
        .putAllLabels(r.config().labels())
        .putAllAnnotations(r.config().annotations())
        .addAllMounts(r.config().mounts().stream().map(ContainerTranslator::mount).toList())
        .setLogPath(r.config().logPath().isEmpty() ? "" : r.logPath())
        .setResources(ContainerResources.newBuilder().setLinux(resources(s.resources(), r.config().oomScoreAdj())))
        .setStopSignal(signal(r.stopSignal()));
    // CRI's user is Linux ids only; a Windows container's record has none (it runs as a user name).
    if (r.user() != null) {
      status.setUser(ContainerUser.newBuilder().setLinux(LinuxContainerUser.newBuilder()
          .setUid(r.user().uid()).setGid(r.user().gid()).addAllSupplementalGroups(r.user().additionalGids())));
    }
    return status.build();
  }

  static Mount mount(MountRequest m) {
    Mount.Builder mount = Mount.newBuilder()
        .setContainerPath(m.containerPath())
        .setHostPath(m.hostPath())
        .setReadonly(m.readonly())
        .setRecursiveReadOnly(m.recursiveReadOnly())
        .setSelinuxRelabel(m.selinuxRelabel())
        .setPropagation(switch (m.propagation()) {
          case PRIVATE -> MountPropagation.PROPAGATION_PRIVATE;
          case HOST_TO_CONTAINER -> MountPropagation.PROPAGATION_HOST_TO_CONTAINER;
          case BIDIRECTIONAL -> MountPropagation.PROPAGATION_BIDIRECTIONAL;
        })
        .setImageSubPath(m.imageSubPath());
    if (m.isImage()) {
      mount.setImage(ImageSpec.newBuilder().setImage(m.image()));
    }
    return mount.build();
  }

  static LinuxContainerResources resources(CgroupLimits l, Integer oomScoreAdj) {
    LinuxContainerResources.Builder r = LinuxContainerResources.newBuilder();
    if (l.cpuShares() != null) {
      r.setCpuShares(l.cpuShares());
    }
    if (l.cpuQuota() != null) {
      r.setCpuQuota(l.cpuQuota());
    }
    if (l.cpuPeriod() != null) {
      r.setCpuPeriod(l.cpuPeriod());
    }
    if (l.cpusetCpus() != null) {
      r.setCpusetCpus(l.cpusetCpus());
    }
    if (l.cpusetMems() != null) {
      r.setCpusetMems(l.cpusetMems());
    }
    if (l.memoryLimitBytes() != null) {
      r.setMemoryLimitInBytes(l.memoryLimitBytes());
    }
    if (oomScoreAdj != null) {
      r.setOomScoreAdj(oomScoreAdj);
    }
    l.hugepageLimits().forEach((size, bytes) ->
        r.addHugepageLimits(HugepageLimit.newBuilder().setPageSize(size).setLimit(bytes)));
    return r.putAllUnified(l.unified()).build();
  }

  private static ContainerMetadata metadata(ContainerRecord r) {
    return ContainerMetadata.newBuilder().setName(r.config().name()).setAttempt(r.config().attempt()).build();
  }

  public static dev.coracle.cri.v1.ContainerState state(ContainerState state) {
    return switch (state) {
      case CREATED -> dev.coracle.cri.v1.ContainerState.CONTAINER_CREATED;
      case RUNNING -> dev.coracle.cri.v1.ContainerState.CONTAINER_RUNNING;
      case EXITED -> dev.coracle.cri.v1.ContainerState.CONTAINER_EXITED;
      case UNKNOWN -> dev.coracle.cri.v1.ContainerState.CONTAINER_UNKNOWN;
    };
  }

  private static Long positive(long value) {
    return value > 0 ? value : null;
  }

  private static String blankToNull(String text) {
    return text.isEmpty() ? null : text;
  }

}

package dev.coracle.server.translate;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.lifecycle.PodFiles;
import dev.coracle.core.sandbox.PodSecurity;
import dev.coracle.core.network.PortMapping;
import dev.coracle.core.sandbox.SandboxConfig;
import dev.coracle.core.sandbox.WindowsPodOptions;
import dev.coracle.cri.v1.WindowsPodSandboxConfig;
import dev.coracle.cri.v1.WindowsSandboxSecurityContext;
import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.core.sandbox.SandboxState;
import dev.coracle.cri.v1.HugepageLimit;
import dev.coracle.cri.v1.LinuxContainerResources;
import dev.coracle.cri.v1.LinuxPodSandboxConfig;
import dev.coracle.cri.v1.LinuxPodSandboxStatus;
import dev.coracle.cri.v1.LinuxSandboxSecurityContext;
import dev.coracle.cri.v1.Namespace;
import dev.coracle.cri.v1.NamespaceMode;
import dev.coracle.cri.v1.NamespaceOption;
import dev.coracle.cri.v1.PodSandbox;
import dev.coracle.cri.v1.PodSandboxConfig;
import dev.coracle.cri.v1.PodSandboxMetadata;
import dev.coracle.cri.v1.PodIP;
import dev.coracle.cri.v1.PodSandboxNetworkStatus;
import dev.coracle.cri.v1.PodSandboxState;
import dev.coracle.cri.v1.PodSandboxStatus;
import dev.coracle.cri.v1.SecurityProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CRI's pod sandbox messages to the runtime's sandbox model and back. */
public final class SandboxTranslator {

  private SandboxTranslator() {}

  /**
   * The runtime's view of a {@code RunPodSandbox} request.
   *
   * @throws InvalidArgumentException when the metadata lacks a name, namespace or uid, or a
   *     namespace mode does not fit the namespace
   */
  public static SandboxConfig config(PodSandboxConfig c, String runtimeHandler) {
    PodSandboxMetadata m = c.getMetadata();
    require(m.getName(), "metadata.name");
    require(m.getNamespace(), "metadata.namespace");
    require(m.getUid(), "metadata.uid");
    LinuxPodSandboxConfig linux = c.getLinux();
    LinuxSandboxSecurityContext security = linux.getSecurityContext();
    NamespaceOption ns = security.getNamespaceOptions();
    boolean hostNetwork = hostMode(ns.getNetwork(), "network");
    boolean hostIpc = hostMode(ns.getIpc(), "ipc");
    NamespaceMode pid = ns.getPid();
    if (pid == NamespaceMode.TARGET && ns.getTargetId().isEmpty()) {
      throw new InvalidArgumentException("namespace_options.pid is TARGET but no target_id names the container");
    }
    if (pid == NamespaceMode.UNRECOGNIZED) {
      throw new InvalidArgumentException("namespace_options.pid has an unknown mode");
    }
    return new SandboxConfig(m.getName(), m.getNamespace(), m.getUid(), m.getAttempt(), c.getHostname(),
        new PodFiles.Dns(c.getDnsConfig().getServersList(), c.getDnsConfig().getSearchesList(),
            c.getDnsConfig().getOptionsList()),
        c.getLabelsMap(), c.getAnnotationsMap(), linux.getCgroupParent(), hostNetwork, hostIpc,
        pid == NamespaceMode.POD, pid == NamespaceMode.NODE, linux.getSysctlsMap(), runtimeHandler,
        c.getLogDirectory(), portMappings(c.getPortMappingsList()),
        podLimits(linux.hasResources() ? linux.getResources() : null, linux.hasOverhead() ? linux.getOverhead() : null),
        security(security), pid == NamespaceMode.TARGET ? ns.getTargetId() : "", windows(c.getWindows()));
  }

  static WindowsPodOptions windows(WindowsPodSandboxConfig w) {
    WindowsSandboxSecurityContext s = w.getSecurityContext();
    return new WindowsPodOptions(s.getRunAsUsername(), s.getCredentialSpec(), s.getHostProcess());
  }

  private static void require(String value, String field) {
    if (value.isEmpty()) {
      throw new InvalidArgumentException("the pod sandbox config needs " + field);
    }
  }

  /** POD is the pod's own namespace, NODE the host's; the other modes mean nothing for a pod's network or IPC. */
  private static boolean hostMode(NamespaceMode mode, String namespace) {
    return switch (mode) {
      case POD -> false;
      case NODE -> true;
      default -> throw new InvalidArgumentException("namespace_options." + namespace + " must be POD or NODE for a pod,"
          + " not " + mode);
    };
  }

  static List<PortMapping> portMappings(List<dev.coracle.cri.v1.PortMapping> mappings) {
    return mappings.stream().map(p -> {
      if (p.getContainerPort() <= 0 || p.getContainerPort() > 65535 || p.getHostPort() < 0 || p.getHostPort() > 65535) {
        throw new InvalidArgumentException("port mapping " + p.getHostPort() + ":" + p.getContainerPort()
            + " is out of range");
      }
      String protocol = switch (p.getProtocol()) {
        case TCP -> "tcp";
        case UDP -> "udp";
        case SCTP -> "sctp";
        default -> throw new InvalidArgumentException("port mapping with an unknown protocol");
      };
      return new PortMapping(protocol, p.getContainerPort(), p.getHostPort(), p.getHostIp());
    }).toList();
  }

  /** CRI's resources as cgroup limits: a zero or empty field is "not set". */
  public static CgroupLimits limits(LinuxContainerResources r) {
    Map<String, Long> hugepages = new LinkedHashMap<>();
    for (HugepageLimit h : r.getHugepageLimitsList()) {
      hugepages.put(h.getPageSize(), h.getLimit());
    }
    return new CgroupLimits(positive(r.getCpuShares()), positive(r.getCpuQuota()), positive(r.getCpuPeriod()),
        emptyToNull(r.getCpusetCpus()), emptyToNull(r.getCpusetMems()), positive(r.getMemoryLimitInBytes()), null,
        hugepages, r.getUnifiedMap());
  }

  /**
   * The limits of a whole pod: its containers' resources plus the pod's overhead. A limit the
   * resources leave unset stays unset (unlimited plus overhead is unlimited); shares add up.
   */
  public static CgroupLimits podLimits(LinuxContainerResources resources, LinuxContainerResources overhead) {
    if (resources == null && overhead == null) {
      return CgroupLimits.NONE;
    }
    if (overhead == null) {
      return limits(resources);
    }
    CgroupLimits base = resources == null ? limits(LinuxContainerResources.getDefaultInstance()) : limits(resources);
    CgroupLimits extra = limits(overhead);
    Long shares = base.cpuShares() == null && extra.cpuShares() == null ? null
        : zeroIfNull(base.cpuShares()) + zeroIfNull(extra.cpuShares());
    Long quota = base.cpuQuota();
    Long period = base.cpuPeriod();
    if (quota != null && extra.cpuQuota() != null) {
      long basePeriod = period != null ? period : 100_000L;
      long extraPeriod = extra.cpuPeriod() != null ? extra.cpuPeriod() : 100_000L;
      quota = quota + extra.cpuQuota() * basePeriod / extraPeriod;
    }
    Long memory = base.memoryLimitBytes() == null ? null : base.memoryLimitBytes() + zeroIfNull(extra.memoryLimitBytes());
    return new CgroupLimits(shares, quota, period, base.cpusetCpus(), base.cpusetMems(), memory, null,
        base.hugepageLimits(), base.unified());
  }

  static PodSecurity security(LinuxSandboxSecurityContext s) {
    return new PodSecurity(s.getPrivileged(), profile(s.hasSeccomp() ? s.getSeccomp() : null, s.getSeccompProfilePath()),
        new PodSecurity.SelinuxOptions(s.getSelinuxOptions().getUser(), s.getSelinuxOptions().getRole(),
            s.getSelinuxOptions().getType(), s.getSelinuxOptions().getLevel()),
        s.hasRunAsUser() ? s.getRunAsUser().getValue() : null, s.hasRunAsGroup() ? s.getRunAsGroup().getValue() : null,
        s.getSupplementalGroupsList(), s.getReadonlyRootfs());
  }

  /** The structured field wins over the deprecated path ("runtime/default", "unconfined", "localhost/FILE"). */
  private static PodSecurity.Profile profile(SecurityProfile profile, String legacyPath) {
    if (profile != null) {
      return switch (profile.getProfileType()) {
        case RuntimeDefault -> new PodSecurity.Profile("RuntimeDefault", "");
        case Unconfined -> new PodSecurity.Profile("Unconfined", "");
        case Localhost -> new PodSecurity.Profile("Localhost", profile.getLocalhostRef());
        default -> throw new InvalidArgumentException("seccomp profile of an unknown type");
      };
    }
    if (legacyPath.isEmpty()) {
      return PodSecurity.Profile.UNSET;
    }
    if (legacyPath.equals("runtime/default") || legacyPath.equals("docker/default")) {
      return new PodSecurity.Profile("RuntimeDefault", "");
    }
    if (legacyPath.equals("unconfined")) {
      return new PodSecurity.Profile("Unconfined", "");
    }
    if (legacyPath.startsWith("localhost/")) {
      return new PodSecurity.Profile("Localhost", legacyPath.substring("localhost/".length()));
    }
    throw new InvalidArgumentException("seccomp_profile_path \"" + legacyPath + "\" is not runtime/default,"
        + " unconfined or localhost/FILE");
  }

  public static PodSandboxState state(SandboxState state) {
    return switch (state) {
      case READY -> PodSandboxState.SANDBOX_READY;
      case NOTREADY -> PodSandboxState.SANDBOX_NOTREADY;
    };
  }

  public static PodSandboxMetadata metadata(SandboxConfig c) {
    return PodSandboxMetadata.newBuilder().setName(c.name()).setNamespace(c.namespace()).setUid(c.uid())
        .setAttempt(c.attempt()).build();
  }

  /** One entry of {@code ListPodSandbox}. */
  public static PodSandbox sandbox(SandboxRecord r) {
    return PodSandbox.newBuilder()
        .setId(r.id())
        .setMetadata(metadata(r.config()))
        .setState(state(r.state()))
        .setCreatedAt(r.createdAtNanos())
        .putAllLabels(r.config().labels())
        .putAllAnnotations(r.config().annotations())
        .setRuntimeHandler(r.runtimeHandler())
        .build();
  }

  static PodSandboxNetworkStatus network(List<String> ips) {
    PodSandboxNetworkStatus.Builder status = PodSandboxNetworkStatus.newBuilder().setIp(ips.isEmpty() ? "" : ips.get(0));
    ips.stream().skip(1).forEach(ip -> status.addAdditionalIps(PodIP.newBuilder().setIp(ip)));
    return status.build();
  }

  /** {@code PodSandboxStatus}; the network status holds the pod's IPs, primary first, as its network gave them. */
  public static PodSandboxStatus status(SandboxRecord r) {
    return PodSandboxStatus.newBuilder()
        .setId(r.id())
        .setMetadata(metadata(r.config()))
        .setState(state(r.state()))
        .setCreatedAt(r.createdAtNanos())
        .setNetwork(network(r.ips()))
        .setLinux(LinuxPodSandboxStatus.newBuilder()
            .setNamespaces(Namespace.newBuilder().setOptions(namespaceOptions(r.config()))))
        .putAllLabels(r.config().labels())
        .putAllAnnotations(r.config().annotations())
        .setRuntimeHandler(r.runtimeHandler())
        .build();
  }

  public static NamespaceOption namespaceOptions(SandboxConfig c) {
    NamespaceMode pid;
    if (c.hostPid()) {
      pid = NamespaceMode.NODE;
    } else if (!c.pidTargetId().isEmpty()) {
      pid = NamespaceMode.TARGET;
    } else {
      pid = c.podPidNamespace() ? NamespaceMode.POD : NamespaceMode.CONTAINER;
    }
    return NamespaceOption.newBuilder()
        .setNetwork(c.hostNetwork() ? NamespaceMode.NODE : NamespaceMode.POD)
        .setIpc(c.hostIpc() ? NamespaceMode.NODE : NamespaceMode.POD)
        .setPid(pid)
        .setTargetId(c.pidTargetId())
        .build();
  }

  private static Long positive(long value) {
    return value > 0 ? value : null;
  }

  private static long zeroIfNull(Long value) {
    return value == null ? 0 : value;
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}

package dev.coracle.core.sandbox;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.lifecycle.PodFiles;
import dev.coracle.core.network.PortMapping;
import java.util.List;
import java.util.Map;

/**
 * What a pod asks for, in the runtime's own terms (the server translates CRI's
 * {@code PodSandboxConfig} into this).
 *
 * @param cgroupParent the pod-level cgroup kubelet chose, relative to the hierarchy root; empty
 *     for the runtime's default
 * @param podPidNamespace the pod's containers share one PID namespace held by the infra process
 * @param hostPid the pod uses the host's PID namespace
 * @param runtimeHandler the handler the pod asked for; empty for the default
 * @param logDirectory where kubelet wants the pod's container logs; empty when it gave none
 * @param portMappings the ports to publish on the host, for the network plugin
 * @param resources limits of the whole pod (its resources plus its overhead), applied to the
 *     pod's cgroup; {@link CgroupLimits#NONE} for none
 * @param security the pod-level security context
 * @param pidTargetId for a pod whose PID namespace is a target container's, that container
 * @param windows what the pod asks of a Windows node
 */
public record SandboxConfig(
    String name,
    String namespace,
    String uid,
    int attempt,
    String hostname,
    PodFiles.Dns dns,
    Map<String, String> labels,
    Map<String, String> annotations,
    String cgroupParent,
    boolean hostNetwork,
    boolean hostIpc,
    boolean podPidNamespace,
    boolean hostPid,
    Map<String, String> sysctls,
    String runtimeHandler,
    String logDirectory,
    List<PortMapping> portMappings,
    CgroupLimits resources,
    PodSecurity security,
    String pidTargetId,
    WindowsPodOptions windows) {

  public SandboxConfig {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
    cgroupParent = cgroupParent == null ? "" : cgroupParent;
    hostname = hostname == null ? "" : hostname;
    dns = dns == null ? new PodFiles.Dns(null, null, null) : dns;
    runtimeHandler = runtimeHandler == null ? "" : runtimeHandler;
    logDirectory = logDirectory == null ? "" : logDirectory;
    portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
    resources = resources == null ? CgroupLimits.NONE : resources;
    security = security == null ? PodSecurity.DEFAULT : security;
    pidTargetId = pidTargetId == null ? "" : pidTargetId;
    windows = windows == null ? WindowsPodOptions.NONE : windows;
  }

  /** A pod on the default handler with no log directory, ports, limits or security context. */
  public SandboxConfig(String name, String namespace, String uid, int attempt, String hostname, PodFiles.Dns dns,
      Map<String, String> labels, Map<String, String> annotations, String cgroupParent, boolean hostNetwork,
      boolean hostIpc, boolean podPidNamespace, boolean hostPid, Map<String, String> sysctls) {
    this(name, namespace, uid, attempt, hostname, dns, labels, annotations, cgroupParent, hostNetwork, hostIpc,
        podPidNamespace, hostPid, sysctls, "", "", List.of(), CgroupLimits.NONE, PodSecurity.DEFAULT, "",
        WindowsPodOptions.NONE);
  }

  /** The name kubelet identifies the pod by; unique among live sandboxes. */
  public String uniqueName() {
    return name + "_" + namespace + "_" + uid + "_" + attempt;
  }

  public SandboxConfig withRuntimeHandler(String handler) {
    return new SandboxConfig(name, namespace, uid, attempt, hostname, dns, labels, annotations, cgroupParent,
        hostNetwork, hostIpc, podPidNamespace, hostPid, sysctls, handler, logDirectory, portMappings, resources,
        security, pidTargetId, windows);
  }

  public SandboxConfig withResources(CgroupLimits limits) {
    return new SandboxConfig(name, namespace, uid, attempt, hostname, dns, labels, annotations, cgroupParent,
        hostNetwork, hostIpc, podPidNamespace, hostPid, sysctls, runtimeHandler, logDirectory, portMappings, limits,
        security, pidTargetId, windows);
  }
}

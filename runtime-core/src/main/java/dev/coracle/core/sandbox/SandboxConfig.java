package dev.coracle.core.sandbox;

import dev.coracle.core.lifecycle.PodFiles;
import java.util.Map;

/**
 * What a pod asks for, in the runtime's own terms (the server translates CRI's
 * {@code PodSandboxConfig} into this).
 *
 * @param cgroupParent the pod-level cgroup kubelet chose, relative to the hierarchy root; empty
 *     for the runtime's default
 * @param podPidNamespace the pod's containers share one PID namespace held by the infra process
 * @param hostPid the pod uses the host's PID namespace
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
    Map<String, String> sysctls) {

  public SandboxConfig {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
    cgroupParent = cgroupParent == null ? "" : cgroupParent;
    dns = dns == null ? new PodFiles.Dns(null, null, null) : dns;
  }

  /** The name kubelet identifies the pod by; unique among live sandboxes. */
  public String uniqueName() {
    return name + "_" + namespace + "_" + uid + "_" + attempt;
  }
}

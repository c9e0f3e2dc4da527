package dev.coracle.core.network;

import dev.coracle.core.lifecycle.PodFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One pod as a network sees it: who it is (CNI's K8S_POD_* arguments), the namespace to
 * connect, and what it asks of the network.
 *
 * @param netns the pod's pinned network namespace
 * @param portMappings ports to publish on the host (CNI's {@code portMappings} capability)
 * @param annotations the pod's annotations (bandwidth limits and the like are read from them)
 * @param cgroupParent the pod's cgroup, for plugins that account traffic by cgroup
 * @param dns the pod's DNS settings (CNI's {@code dns} capability); empty lists for none
 */
public record PodAttachment(
    String sandboxId,
    String name,
    String namespace,
    String uid,
    Path netns,
    List<PortMapping> portMappings,
    Map<String, String> annotations,
    String cgroupParent,
    PodFiles.Dns dns) {

  public PodAttachment {
    portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    dns = dns == null ? new PodFiles.Dns(null, null, null) : dns;
  }
}

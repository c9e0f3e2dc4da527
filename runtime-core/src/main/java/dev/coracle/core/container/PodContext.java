package dev.coracle.core.container;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a container takes from its pod sandbox: the namespaces it joins, the pod's shared files
 * and its cgroup. Built by the container manager from the sandbox's record; a null path means
 * the pod has none of its own (it uses the host's).
 *
 * @param netNs the pinned network namespace; null for a host-network pod
 * @param ipcNs the pinned IPC namespace; null for a host-IPC pod
 * @param utsNs the pinned UTS namespace; null for a host-network pod
 * @param infraPid the host PID of the pod's infra process, whose PID namespace the containers
 *     of a pod-PID pod join; null when it is not running
 * @param hostPid the pod uses the host's PID namespace
 * @param cgroupParent the pod's cgroup, relative to the hierarchy root
 * @param shmDir the pod's shared /dev/shm; null for a host-IPC pod
 * @param logDirectory the directory container log paths are relative to; null for none
 */
public record PodContext(
    String sandboxId,
    String hostname,
    Path netNs,
    Path ipcNs,
    Path utsNs,
    Long infraPid,
    boolean hostPid,
    String cgroupParent,
    Path hostsFile,
    Path hostnameFile,
    Path resolvConfFile,
    Path shmDir,
    Map<String, String> sysctls,
    boolean privileged,
    Path logDirectory) {

  public PodContext {
    sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
  }

  public boolean hostNetwork() {
    return netNs == null;
  }

  public boolean hostIpc() {
    return ipcNs == null;
  }
}

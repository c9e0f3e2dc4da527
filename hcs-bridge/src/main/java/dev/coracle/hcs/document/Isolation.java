package dev.coracle.hcs.document;

/**
 * How a pod's containers are isolated, chosen per pod by the runtime handler (WINDOWS.md §5): a
 * silo on the host kernel, a utility VM per pod, or a HostProcess job object on the host
 * (WINDOWS.md §6).
 */
public enum Isolation {
  PROCESS,
  HYPERV,
  HOST_PROCESS
}

package dev.coracle.hcs.osversion;

/**
 * The isolations the OS build rule distinguishes (WINDOWS.md §5). HostProcess containers are
 * not here: they need no compatibility at all (§6).
 */
public enum IsolationKind {
  /** The container shares the host's kernel: the image build must fit the host's closely. */
  PROCESS,
  /** The container runs in a utility VM booted from the image's own UtilityVM: older images run. */
  HYPERV
}

package dev.coracle.hcs.document;

/**
 * A mount as the backend has it: a host path (or a guest path inside a utility VM), the path in the
 * container, and whether it is read-only. A container path under {@code \\.\pipe\} is a named pipe
 * (WINDOWS.md §2a).
 */
public record MountInput(String hostPath, String containerPath, boolean readOnly) {

  public MountInput {
    Inputs.requireText(hostPath, "mount host path");
    Inputs.requireText(containerPath, "mount container path");
  }
}

package dev.coracle.core.cgroups;

import dev.coracle.core.error.InvalidArgumentException;

/**
 * Where a systemd slice lives in the cgroup tree. systemd nests slices by the dashes in their
 * names: {@code kubepods-burstable-pod12.slice} is
 * {@code kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod12.slice}. kubelet with
 * the systemd driver names a pod's parent by its slice alone, so the runtime expands it.
 */
public final class SystemdSlices {

  private static final String SUFFIX = ".slice";

  private SystemdSlices() {}

  public static boolean isSlice(String name) {
    return name.endsWith(SUFFIX) && !name.contains("/");
  }

  /** The slice's path relative to the hierarchy root; {@code -.slice} is the root itself. */
  public static String path(String slice) {
    if (!isSlice(slice)) {
      throw new InvalidArgumentException("\"" + slice + "\" is not a systemd slice name");
    }
    if (slice.equals("-" + SUFFIX)) {
      return "";
    }
    String name = slice.substring(0, slice.length() - SUFFIX.length());
    if (name.isEmpty() || name.startsWith("-") || name.endsWith("-") || name.contains("--")) {
      throw new InvalidArgumentException("\"" + slice + "\" is not a valid systemd slice name");
    }
    StringBuilder path = new StringBuilder();
    String[] parts = name.split("-");
    StringBuilder prefix = new StringBuilder();
    for (String part : parts) {
      if (!prefix.isEmpty()) {
        prefix.append('-');
        path.append('/');
      }
      prefix.append(part);
      path.append(prefix).append(SUFFIX);
    }
    return path.toString();
  }
}

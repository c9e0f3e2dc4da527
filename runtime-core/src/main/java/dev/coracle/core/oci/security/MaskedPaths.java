package dev.coracle.core.oci.security;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The paths of /proc and /sys a container must not see (masked: the runtime mounts over them)
 * or must not change (read-only), because they expose or control the host's kernel.
 *
 * <p>The rule for a CRI container: kubelet decides. It sends {@link #DEFAULT_MASKED} and
 * {@link #DEFAULT_READONLY} (its own copy of the same lists) for a pod with the default
 * procMount, and empty lists for procMount Unmasked. A repeated field has no presence on the
 * wire, so an empty list cannot be told from one left out: it is taken as kubelet means it, no
 * path at all. A privileged container gets no paths whatever was sent. Callers that are not
 * answering a CRI request (the sandbox's own infra process) use {@link #defaults()}.
 */
public final class MaskedPaths {

  public static final List<String> DEFAULT_MASKED = List.of(
      "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
      "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

  public static final List<String> DEFAULT_READONLY = List.of(
      "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private MaskedPaths() {}

  /** What goes into the spec's {@code maskedPaths} and {@code readonlyPaths}. */
  public record Resolved(List<String> masked, List<String> readonly) {}

  /** The lists of a CRI container, by the rule in the class comment; duplicates dropped, order kept. */
  public static Resolved forContainer(List<String> criMasked, List<String> criReadonly, boolean privileged) {
    List<String> masked = checked(criMasked, "masked");
    List<String> readonly = checked(criReadonly, "read-only");
    return privileged ? new Resolved(List.of(), List.of()) : new Resolved(masked, readonly);
  }

  public static Resolved defaults() {
    return new Resolved(DEFAULT_MASKED, DEFAULT_READONLY);
  }

  // The runtime mounts over each path inside the container's root; a relative one has no meaning.
  private static List<String> checked(List<String> paths, String what) {
    Set<String> unique = new LinkedHashSet<>();
    for (String path : paths == null ? List.<String>of() : paths) {
      if (!path.startsWith("/")) {
        throw new InvalidArgumentException(what + " path \"" + path + "\" is not absolute");
      }
      unique.add(path);
    }
    return List.copyOf(unique);
  }
}

package dev.coracle.core.oci.security;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.spec.Process;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which capabilities a container's process holds.
 *
 * <p>A container starts from {@link #DEFAULT}; CRI's add and drop lists change that, with names
 * written with or without {@code CAP_}, in any case. The order of application is:
 * <ol>
 *   <li>"ALL" in add starts from every capability; "ALL" in drop starts from none (drop wins when
 *       both say "ALL": the least privilege of the two);
 *   <li>then each named capability in add is added;
 *   <li>then each named capability in drop is removed (so add X and drop X leaves X out).
 * </ol>
 * So add ALL + drop X is everything but X, and drop ALL + add X is only X (the common
 * least-privilege securityContext). A privileged container gets every capability and its lists
 * are ignored.
 *
 * <p>"Every capability" means every one known to Linux 6.x that the runtime itself may grant: an
 * OCI runtime cannot give a container a capability outside its own bounding set, so those are left
 * out of the defaults and of "ALL", and naming one explicitly is refused up front rather than
 * failing inside runc.
 *
 * <p>Results are lists in the kernel's numbering order, so the same request always gives the same
 * config.json.
 */
public final class Capabilities {

  /** Every capability of Linux 6.x, index = capability number. */
  public static final List<String> KNOWN = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
      "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
      "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
      "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
      "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
      "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
      "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

  /** What an unprivileged container gets when CRI adds and drops nothing (the set containerd grants). */
  public static final List<String> DEFAULT = ordered(Set.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
      "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
      "CAP_AUDIT_WRITE"));

  private static final String ALL = "ALL";

  private final Set<String> grantable;

  private Capabilities(Set<String> grantable) {
    this.grantable = Set.copyOf(grantable);
  }

  /** For a runtime that may grant every known capability. */
  public static Capabilities allKnown() {
    return new Capabilities(Set.copyOf(KNOWN));
  }

  /** For a runtime whose own bounding set is {@code held} (canonical names, as {@link #fromMask} gives). */
  public static Capabilities grantable(Set<String> held) {
    return new Capabilities(held);
  }

  /** The names of the capabilities set in a mask like {@code CapBnd} of /proc/self/status. */
  public static Set<String> fromMask(long mask) {
    Set<String> names = new LinkedHashSet<>();
    for (int bit = 0; bit < KNOWN.size(); bit++) {
      if ((mask & (1L << bit)) != 0) {
        names.add(KNOWN.get(bit));
      }
    }
    return names;
  }

  /** The bounding set ({@code CapBnd:} line) of a /proc/PID/status document. */
  public static Set<String> boundingSetOf(String procStatus) {
    for (String line : procStatus.split("\n")) {
      if (line.startsWith("CapBnd:")) {
        return fromMask(Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16));
      }
    }
    throw new InternalException("no CapBnd line in the process status");
  }

  /**
   * The capabilities of a container, by the rules in the class comment.
   *
   * @throws InvalidArgumentException naming every name that is no capability
   * @throws FailedPreconditionException naming every added capability the runtime cannot grant
   */
  public List<String> resolve(List<String> add, List<String> drop, boolean privileged) {
    List<List<String>> lists = normalize(true, add, drop);
    List<String> added = lists.get(0);
    List<String> dropped = lists.get(1);
    if (privileged) {
      return ordered(grantable);
    }
    Set<String> caps = new TreeSet<>();
    if (dropped.contains(ALL)) {
      // nothing: start from no capability at all
    } else if (added.contains(ALL)) {
      caps.addAll(grantable);
    } else {
      caps.addAll(DEFAULT);
      caps.retainAll(grantable);
    }
    List<String> named = added.stream().filter(name -> !name.equals(ALL)).toList();
    requireGrantable(named);
    caps.addAll(named);
    caps.removeAll(dropped);
    return ordered(caps);
  }

  /**
   * The ambient capabilities CRI asks for, validated. "ALL" is refused: ambient capabilities
   * survive execve of any program by a non-root user, so each one must be asked for by name.
   * {@link #toSpec} adds each of them to the other sets too, as the kernel requires.
   */
  public List<String> ambient(List<String> addAmbient) {
    List<String> names = normalize(false, addAmbient).get(0);
    requireGrantable(names);
    return ordered(names);
  }

  /**
   * The five sets of the process. The granted capabilities are bounding, effective and
   * permitted; inheritable holds only the ambient ones, because a capability in the inheritable
   * set would otherwise pass to programs with file capabilities (the fix of CVE-2022-24769). The
   * kernel keeps a capability in the ambient set only while it is also permitted and inheritable
   * (and it must be in bounding to be permitted), so each ambient capability is added to all sets.
   */
  public static Process.Capabilities toSpec(List<String> granted, List<String> ambient) {
    Set<String> all = new TreeSet<>(granted);
    all.addAll(ambient);
    List<String> main = ordered(all);
    List<String> amb = ordered(ambient);
    return new Process.Capabilities(main, main, amb, main, amb);
  }

  private void requireGrantable(List<String> names) {
    List<String> missing = names.stream().filter(name -> !grantable.contains(name)).toList();
    if (!missing.isEmpty()) {
      throw new FailedPreconditionException("the runtime does not hold " + String.join(", ", missing)
          + " in its own bounding set and so cannot grant it to a container");
    }
  }

  /** Canonical names ({@code CAP_X}, or "ALL" when allowed); the unknown names of all lists fail together. */
  @SafeVarargs
  private static List<List<String>> normalize(boolean allowAll, List<String>... lists) {
    List<List<String>> result = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (List<String> names : lists) {
      List<String> canonical = new ArrayList<>();
      for (String name : names == null ? List.<String>of() : names) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        if (upper.equals(ALL) && !allowAll) {
          throw new InvalidArgumentException("ALL is not accepted for ambient capabilities: name each one");
        } else if (upper.equals(ALL) || KNOWN.contains(full)) {
          canonical.add(upper.equals(ALL) ? ALL : full);
        } else {
          unknown.add("\"" + name + "\"");
        }
      }
      result.add(canonical);
    }
    if (!unknown.isEmpty()) {
      throw new InvalidArgumentException("unknown capabilit" + (unknown.size() == 1 ? "y " : "ies ")
          + String.join(", ", unknown));
    }
    return result;
  }

  private static List<String> ordered(Iterable<String> caps) {
    Set<String> set = new LinkedHashSet<>();
    caps.forEach(set::add);
    return KNOWN.stream().filter(set::contains).toList();
  }
}

package dev.coracle.core.oci.security;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.spec.Seccomp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A seccomp profile as written in a file: the OCI {@link Seccomp} fields plus the extensions of
 * the Docker profile format, which is what most Localhost profiles are written in and what the
 * runtime's own default profile uses:
 * <ul>
 *   <li>{@code archMap}: per native architecture, the compatible ones; the entry of the
 *       machine's architecture becomes {@code architectures};
 *   <li>per rule {@code includes}: the rule counts only when every condition holds (every
 *       capability listed is in the bounding set, the machine's architecture is listed, the
 *       kernel is at least {@code minKernel});
 *   <li>per rule {@code excludes}: the rule is dropped when any condition holds (a capability
 *       listed is in the bounding set, the architecture is listed, the kernel is at least
 *       {@code minKernel});
 *   <li>a rule may name one call in {@code name} instead of {@code names}; {@code comment} is
 *       ignored.
 * </ul>
 * {@link #evaluate} turns it into the filter for one container.
 */
record ProfileFile(
    String defaultAction,
    Integer defaultErrnoRet,
    List<String> architectures,
    List<ArchMapEntry> archMap,
    List<String> flags,
    String listenerPath,
    String listenerMetadata,
    List<Rule> syscalls) {

  static final Set<String> ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
      "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");

  static final Set<String> OPERATORS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
      "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");

  record ArchMapEntry(String architecture, List<String> subArchitectures) {}

  record Rule(
      String name,
      List<String> names,
      String action,
      Integer errnoRet,
      List<Seccomp.Arg> args,
      Condition includes,
      Condition excludes,
      String comment) {

    List<String> allNames() {
      List<String> all = new ArrayList<>(names == null ? List.of() : names);
      if (name != null && !name.isEmpty()) {
        all.add(name);
      }
      return all;
    }
  }

  record Condition(List<String> caps, List<String> arches, String minKernel) {}

  /** What a container gets from this profile on {@code arch} and {@code kernel} with the bounding set {@code caps}. */
  Seccomp evaluate(Arch arch, KernelVersion kernel, Set<String> caps) {
    List<Seccomp.Syscall> rules = new ArrayList<>();
    for (Rule rule : syscalls == null ? List.<Rule>of() : syscalls) {
      if (included(rule.includes(), arch, kernel, caps) && !excluded(rule.excludes(), arch, kernel, caps)) {
        rules.add(new Seccomp.Syscall(rule.allNames(), rule.action(), rule.errnoRet(), rule.args()));
      }
    }
    return new Seccomp(defaultAction, defaultErrnoRet, architecturesFor(arch), flags, listenerPath, listenerMetadata,
        rules);
  }

  /**
   * Checks what the OCI runtime would otherwise refuse at container start, with a message that
   * names {@code source}.
   */
  ProfileFile validated(String source) {
    requireKnown(defaultAction, ACTIONS, "defaultAction", source);
    List<Rule> rules = syscalls == null ? List.of() : syscalls;
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      String where = "syscalls[" + i + "]";
      if (rule.allNames().isEmpty()) {
        throw new InvalidArgumentException("seccomp profile " + source + ": " + where + " names no system call");
      }
      requireKnown(rule.action(), ACTIONS, where + ".action", source);
      for (Seccomp.Arg arg : rule.args() == null ? List.<Seccomp.Arg>of() : rule.args()) {
        requireKnown(arg.op(), OPERATORS, where + ".args.op", source);
        if (arg.index() < 0 || arg.index() > 5) {
          throw new InvalidArgumentException(
              "seccomp profile " + source + ": " + where + " compares argument " + arg.index() + " (0 to 5 exist)");
        }
      }
      for (Condition condition : new Condition[] {rule.includes(), rule.excludes()}) {
        if (condition != null && condition.minKernel() != null) {
          try {
            KernelVersion.parse(condition.minKernel());
          } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("seccomp profile " + source + ": " + where + ": " + e.getMessage(), e);
          }
        }
      }
    }
    return this;
  }

  private List<String> architecturesFor(Arch arch) {
    if (archMap == null || archMap.isEmpty()) {
      return architectures;
    }
    for (ArchMapEntry entry : archMap) {
      if (arch.seccompName().equals(entry.architecture())) {
        List<String> result = new ArrayList<>(List.of(entry.architecture()));
        result.addAll(entry.subArchitectures() == null ? List.of() : entry.subArchitectures());
        return result;
      }
    }
    return List.of(arch.seccompName());
  }

  private static boolean included(Condition condition, Arch arch, KernelVersion kernel, Set<String> caps) {
    if (condition == null) {
      return true;
    }
    boolean capsHeld = condition.caps() == null || caps.containsAll(condition.caps());
    boolean archListed = condition.arches() == null || condition.arches().isEmpty()
        || condition.arches().stream().anyMatch(arch::isCalled);
    boolean kernelNewEnough = condition.minKernel() == null
        || kernel.atLeast(KernelVersion.parse(condition.minKernel()));
    return capsHeld && archListed && kernelNewEnough;
  }

  private static boolean excluded(Condition condition, Arch arch, KernelVersion kernel, Set<String> caps) {
    if (condition == null) {
      return false;
    }
    boolean capHeld = condition.caps() != null && condition.caps().stream().anyMatch(caps::contains);
    boolean archListed = condition.arches() != null && condition.arches().stream().anyMatch(arch::isCalled);
    boolean kernelNewEnough = condition.minKernel() != null
        && kernel.atLeast(KernelVersion.parse(condition.minKernel()));
    return capHeld || archListed || kernelNewEnough;
  }

  private static void requireKnown(String value, Set<String> known, String field, String source) {
    if (value == null || !known.contains(value)) {
      throw new InvalidArgumentException("seccomp profile " + source + ": " + field + " "
          + (value == null ? "is missing" : "\"" + value + "\" is not one of " + known.stream().sorted().toList()));
    }
  }
}

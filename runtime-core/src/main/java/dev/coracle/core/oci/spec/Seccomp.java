package dev.coracle.core.oci.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * A seccomp filter as the runtime installs it: the action for every system call no rule names,
 * the architectures whose calls it covers (the native one when null), and the rules in order.
 * Actions are libseccomp names (SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, ...).
 *
 * @param defaultErrnoRet the errno of a default SCMP_ACT_ERRNO (or TRACE) action; EPERM when null
 */
public record Seccomp(
    String defaultAction,
    Integer defaultErrnoRet,
    List<String> architectures,
    List<String> flags,
    String listenerPath,
    String listenerMetadata,
    List<Syscall> syscalls) {

  /**
   * A rule: {@code action} for the calls {@code names} when every one of {@code args} holds.
   *
   * @param errnoRet the errno of an SCMP_ACT_ERRNO action; EPERM when null
   */
  public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args) {

    public static Syscall allow(List<String> names) {
      return new Syscall(names, "SCMP_ACT_ALLOW", null, null);
    }
  }

  /**
   * A condition on argument {@code index} (0 to 5): {@code op} is a libseccomp comparison
   * (SCMP_CMP_EQ, ..._NE, ..._MASKED_EQ, ...); MASKED_EQ compares {@code arg & value} with
   * {@code valueTwo}. Values are unsigned 64-bit.
   */
  public record Arg(
      int index,
      @JsonSerialize(using = Unsigned.Writer.class) @JsonDeserialize(using = Unsigned.Reader.class) long value,
      @JsonSerialize(using = Unsigned.Writer.class) @JsonDeserialize(using = Unsigned.Reader.class) Long valueTwo,
      String op) {}
}

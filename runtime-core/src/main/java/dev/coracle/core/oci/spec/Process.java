package dev.coracle.core.oci.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * The container's process: what it runs, as whom, with which privileges. (Named as the spec names
 * it; it shadows {@link java.lang.Process} wherever it is imported.)
 *
 * @param oomScoreAdj written as given; the caller clamps it to what the runtime may set
 */
public record Process(
    Boolean terminal,
    ConsoleSize consoleSize,
    User user,
    List<String> args,
    List<String> env,
    String cwd,
    Capabilities capabilities,
    List<Rlimit> rlimits,
    Boolean noNewPrivileges,
    String apparmorProfile,
    Integer oomScoreAdj,
    String selinuxLabel) {

  /** A process with only the fields the spec requires; the rest is added with the withers. */
  public static Process of(User user, List<String> args, String cwd) {
    return new Process(null, null, user, args, null, cwd, null, null, null, null, null, null);
  }

  public Process withTerminal(Boolean value) {
    return new Process(value, consoleSize, user, args, env, cwd, capabilities, rlimits, noNewPrivileges,
        apparmorProfile, oomScoreAdj, selinuxLabel);
  }

  public Process withConsoleSize(ConsoleSize value) {
    return new Process(terminal, value, user, args, env, cwd, capabilities, rlimits, noNewPrivileges,
        apparmorProfile, oomScoreAdj, selinuxLabel);
  }

  public Process withUser(User value) {
    return new Process(terminal, consoleSize, value, args, env, cwd, capabilities, rlimits, noNewPrivileges,
        apparmorProfile, oomScoreAdj, selinuxLabel);
  }

  public Process withArgs(List<String> value) {
    return new Process(terminal, consoleSize, user, value, env, cwd, capabilities, rlimits, noNewPrivileges,
        apparmorProfile, oomScoreAdj, selinuxLabel);
  }

  public Process withEnv(List<String> value) {
    return new Process(terminal, consoleSize, user, args, value, cwd, capabilities, rlimits, noNewPrivileges,
        apparmorProfile, oomScoreAdj, selinuxLabel);
  }

  public Process withCwd(String value) {
    return new Process(terminal, consoleSize, user, args, env, value, capabilities, rlimits, noNewPrivileges,
        apparmorProfile, oomScoreAdj, selinuxLabel);
  }

  public Process withCapabilities(Capabilities value) {
    return new Process(terminal, consoleSize, user, args, env, cwd, value, rlimits, noNewPrivileges,
        apparmorProfile, oomScoreAdj, selinuxLabel);
  }

  public Process withRlimits(List<Rlimit> value) {
    return new Process(terminal, consoleSize, user, args, env, cwd, capabilities, value, noNewPrivileges,
        apparmorProfile, oomScoreAdj, selinuxLabel);
  }

  public Process withNoNewPrivileges(Boolean value) {
    return new Process(terminal, consoleSize, user, args, env, cwd, capabilities, rlimits, value,
        apparmorProfile, oomScoreAdj, selinuxLabel);
  }

  public Process withApparmorProfile(String value) {
    return new Process(terminal, consoleSize, user, args, env, cwd, capabilities, rlimits, noNewPrivileges,
        value, oomScoreAdj, selinuxLabel);
  }

  public Process withOomScoreAdj(Integer value) {
    return new Process(terminal, consoleSize, user, args, env, cwd, capabilities, rlimits, noNewPrivileges,
        apparmorProfile, value, selinuxLabel);
  }

  public Process withSelinuxLabel(String value) {
    return new Process(terminal, consoleSize, user, args, env, cwd, capabilities, rlimits, noNewPrivileges,
        apparmorProfile, oomScoreAdj, value);
  }

  /** The terminal's size in characters, when {@code terminal} is true. */
  public record ConsoleSize(int height, int width) {}

  /** Numeric identity; names are resolved before (see {@code dev.coracle.core.oci.user}). */
  public record User(long uid, long gid, Integer umask, List<Long> additionalGids) {

    public static User of(long uid, long gid) {
      return new User(uid, gid, null, null);
    }
  }

  /** The five capability sets, each a list of names like {@code CAP_CHOWN}. */
  public record Capabilities(
      List<String> bounding,
      List<String> effective,
      List<String> inheritable,
      List<String> permitted,
      List<String> ambient) {}

  /** A resource limit, {@code type} like {@code RLIMIT_NOFILE}; 2^64-1 (written -1 here) is unlimited. */
  public record Rlimit(
      String type,
      @JsonSerialize(using = Unsigned.Writer.class) @JsonDeserialize(using = Unsigned.Reader.class) long hard,
      @JsonSerialize(using = Unsigned.Writer.class) @JsonDeserialize(using = Unsigned.Reader.class) long soft) {

    /** RLIM_INFINITY as a Java long. */
    public static final long UNLIMITED = -1L;
  }
}

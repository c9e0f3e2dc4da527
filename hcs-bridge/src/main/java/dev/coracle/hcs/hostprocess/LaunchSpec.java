package dev.coracle.hcs.hostprocess;

import dev.coracle.hcs.document.CommandLine;
import dev.coracle.hcs.document.ProcessInput;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host process as {@code CreateProcessW} takes it, with the HostProcess rules of WINDOWS.md
 * §6 applied: {@code CONTAINER_SANDBOX_MOUNT_POINT} (the rootfs location) set in the
 * environment and expanded in the command line, the working directory and every value, in
 * both the {@code %CONTAINER_SANDBOX_MOUNT_POINT%} and the PowerShell {@code
 * $env:CONTAINER_SANDBOX_MOUNT_POINT} spelling; the rootfs appended to {@code PATH}; the
 * rootfs as the default working directory, and the base of a relative one.
 *
 * <p>The environment starts from a base (the daemon's own, standing in for the account's
 * default block that hcsshim builds) with the process's {@code K=V} entries over it; names
 * compare without case, as on Windows, and the block is sorted that way, as {@code
 * CreateProcessW} expects.
 *
 * @param env sorted by name, case-insensitively
 */
record LaunchSpec(String commandLine, SortedMap<String, String> env, String workingDir) {

  static final String MOUNT_POINT_VARIABLE = "CONTAINER_SANDBOX_MOUNT_POINT";

  private static final Pattern VARIABLE = Pattern.compile(
      "%" + MOUNT_POINT_VARIABLE + "%|\\$env:" + MOUNT_POINT_VARIABLE + "\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern ABSOLUTE = Pattern.compile("^([A-Za-z]:[\\\\/]|[\\\\/]).*");

  LaunchSpec {
    env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
  }

  /** The entrypoint of a container whose rootfs is at {@code rootfs}. */
  static LaunchSpec of(ProcessInput input, String rootfs, Map<String, String> base) {
    TreeMap<String, String> env = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    env.putAll(base);
    for (String entry : input.env()) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), expand(entry.substring(eq + 1), rootfs));
      }
    }
    env.put(MOUNT_POINT_VARIABLE, rootfs);
    String path = env.getOrDefault("PATH", "");
    env.put(env.containsKey("PATH") ? env.ceilingKey("PATH") : "PATH",
        path.isEmpty() ? rootfs : path.endsWith(";") ? path + rootfs : path + ";" + rootfs);
    return new LaunchSpec(commandLine(input.args(), input.argsEscaped(), rootfs), env,
        workingDir(input.workingDir(), rootfs));
  }

  /** The same environment and directory with another command (an exec). */
  LaunchSpec withCommand(List<String> args, String rootfs) {
    return new LaunchSpec(commandLine(args, false, rootfs), env, workingDir);
  }

  /** {@code K=V\0...\0\0}, UTF-16 units, for {@code CREATE_UNICODE_ENVIRONMENT}. */
  char[] environmentBlock() {
    StringBuilder block = new StringBuilder();
    env.forEach((k, v) -> block.append(k).append('=').append(v).append('\0'));
    if (env.isEmpty()) {
      block.append('\0');
    }
    return block.append('\0').toString().toCharArray();
  }

  /** The writable, NUL-terminated command line {@code CreateProcessW} takes. */
  char[] commandLineChars() {
    return (commandLine + '\0').toCharArray();
  }

  static String expand(String text, String rootfs) {
    return text == null ? null : VARIABLE.matcher(text).replaceAll(Matcher.quoteReplacement(rootfs));
  }

  private static String commandLine(List<String> args, boolean argsEscaped, String rootfs) {
    return expand(CommandLine.join(args, argsEscaped), rootfs);
  }

  private static String workingDir(String requested, String rootfs) {
    if (requested == null || requested.isBlank()) {
      return rootfs;
    }
    String dir = expand(requested, rootfs);
    return ABSOLUTE.matcher(dir).matches() ? dir : rootfs + dir;
  }
}

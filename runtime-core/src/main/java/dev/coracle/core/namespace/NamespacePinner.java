package dev.coracle.core.namespace;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Creates a pod's network, IPC and UTS namespaces and pins each by bind-mounting its nsfs file
 * onto a file under the pod's state dir, with util-linux's {@code unshare --net=FILE ...}: a JVM
 * cannot enter new namespaces itself. Inside the new namespaces the hostname is set and the
 * loopback interface brought up. Unpinning unmounts and deletes the files, and is idempotent.
 */
public final class NamespacePinner {

  /** RFC 1123 label rules, as kubelet validates a pod's hostname. */
  private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

  private final LinuxSyscalls sys;

  public NamespacePinner(LinuxSyscalls sys) {
    this.sys = sys;
  }

  /**
   * Pins new namespaces of {@code kinds} under {@code dir}. With UTS the hostname is set; with
   * NET the loopback interface is brought up. On failure nothing stays mounted.
   */
  public PinnedNamespaces pin(Path dir, Set<NamespaceKind> kinds, String hostname) {
    if (kinds.contains(NamespaceKind.UTS) && (hostname.length() > 64 || !HOSTNAME.matcher(hostname).matches())) {
      throw new InvalidArgumentException("hostname \"" + hostname + "\" is not a valid host name (RFC 1123, at most 64)");
    }
    Map<NamespaceKind, Path> pins = new EnumMap<>(NamespaceKind.class);
    List<String> command = new ArrayList<>(List.of("unshare"));
    try {
      Files.createDirectories(dir);
      for (NamespaceKind kind : kinds) {
        Path pin = dir.resolve(kind.file());
        Files.deleteIfExists(pin);
        Files.createFile(pin);
        pins.put(kind, pin);
        command.add(kind.unshareOption() + "=" + pin);
      }
      command.addAll(List.of("sh", "-c", setupScript(kinds), "pin", hostname));
      run(command);
      return new PinnedNamespaces(dir, pins);
    } catch (IOException | RuntimeException e) {
      unpin(new PinnedNamespaces(dir, pins));
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new InternalException("cannot create the pod's namespaces in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String setupScript(Set<NamespaceKind> kinds) {
    StringBuilder script = new StringBuilder("set -e");
    if (kinds.contains(NamespaceKind.UTS)) {
      script.append("; hostname \"$1\"");
    }
    if (kinds.contains(NamespaceKind.NET)) {
      script.append("; ip link set lo up");
    }
    return script.toString();
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new InternalException("creating namespaces timed out: " + String.join(" ", command));
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InternalException("interrupted while creating namespaces");
    }
    if (process.exitValue() != 0) {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      throw new InternalException("cannot create the pod's namespaces (" + String.join(" ", command) + "): " + output);
    }
  }

  /** Unmounts and deletes every pin; a pin already gone is fine. */
  public void unpin(PinnedNamespaces pinned) {
    List<String> failures = new ArrayList<>();
    for (Path pin : pinned.pins().values()) {
      try {
        if (isMountPoint(pin)) {
          sys.unmount(pin, true);
        }
        Files.deleteIfExists(pin);
      } catch (IOException e) {
        failures.add(pin + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new InternalException("cannot release namespace pins: " + String.join("; ", failures));
    }
  }

  /** Whether something is mounted exactly at {@code path}, from this process's mount table. */
  static boolean isMountPoint(Path path) throws IOException {
    String target = path.toAbsolutePath().normalize().toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      if (fields.length > 4 && unescape(fields[4]).equals(target)) {
        return true;
      }
    }
    return false;
  }

  /** mountinfo writes space, tab, newline and backslash as octal escapes. */
  private static String unescape(String field) {
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
  }
}

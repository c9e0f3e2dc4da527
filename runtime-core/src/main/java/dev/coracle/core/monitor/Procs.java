package dev.coracle.core.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What /proc says about a process that need not be our child. */
final class Procs {

  private Procs() {}

  /**
   * True while the process runs. A zombie counts as gone: conmon's parent is init, which may
   * take its time to reap it, and {@link ProcessHandle#isAlive} still sees it meanwhile.
   */
  static boolean isAlive(long pid) {
    return state(pid).map(s -> s != 'Z' && s != 'X').orElse(false);
  }

  /** The short command name ({@code comm}), empty when the process is gone. */
  static Optional<String> name(long pid) {
    try {
      return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The command line, arguments separated by spaces; empty when the process is gone. */
  static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ').strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits until the process is gone or {@code wait} passed; true if it is gone. */
  static boolean awaitExit(long pid, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (isAlive(pid)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** SIGKILLs the process if it is still a {@code name}, so a recycled PID is left alone. */
  static void killIfNamed(long pid, String name) {
    if (name(pid).filter(name::equals).isPresent()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static Optional<Character> state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
      int end = stat.lastIndexOf(')');
      return end < 0 || end + 2 >= stat.length() ? Optional.empty() : Optional.of(stat.charAt(end + 2));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

package dev.coracle.hcs.document;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.hcs.schema.CloseHandle;
import dev.coracle.hcs.schema.ConsoleSize;
import dev.coracle.hcs.schema.ProcessModifyRequest;
import dev.coracle.hcs.schema.ProcessParameters;
import dev.coracle.hcs.schema.SignalProcessOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Documents of the processes in a container (WINDOWS.md §2c). */
public final class ProcessDocuments {

  private ProcessDocuments() {}

  /**
   * The {@code ProcessParameters} of {@code HcsCreateProcess}: one command line, the user only when
   * given (else the image's default user applies), environment entries with empty values dropped as
   * hcsshim drops them, and with a TTY an emulated console and no stderr pipe.
   */
  public static ProcessParameters process(ProcessInput in) {
    boolean console = in.tty();
    return new ProcessParameters(
        null,
        CommandLine.join(in.args(), in.argsEscaped()),
        blankToNull(in.user()),
        blankToNull(in.workingDir()),
        environment(in.env()),
        null,
        console,
        in.stdin(),
        true,
        !console,
        console && in.consoleHeight() > 0 && in.consoleWidth() > 0
            ? List.of(in.consoleHeight(), in.consoleWidth())
            : null,
        null,
        null);
  }

  /**
   * What to send for a POSIX signal (WINDOWS.md §2c): SIGTERM is CtrlShutdown, SIGINT CtrlC;
   * SIGKILL is empty, because the caller terminates the process instead. Names with or without
   * {@code SIG} and numbers are accepted.
   */
  public static Optional<SignalProcessOptions> signal(String posixSignalName) {
    String name = Inputs.requireText(posixSignalName, "signal").strip().toUpperCase(Locale.ROOT);
    if (name.startsWith("SIG")) {
      name = name.substring(3);
    }
    return switch (name) {
      case "TERM", "15" -> Optional.of(new SignalProcessOptions("CtrlShutdown"));
      case "INT", "2" -> Optional.of(new SignalProcessOptions("CtrlC"));
      case "KILL", "9" -> Optional.empty();
      default ->
          throw new InvalidArgumentException(
              "signal "
                  + posixSignalName
                  + " has no Windows equivalent; use SIGTERM, SIGINT or SIGKILL");
    };
  }

  /** The {@code HcsModifyProcess} request that resizes a process's console (WINDOWS.md §2c). */
  public static ProcessModifyRequest resizeConsole(int height, int width) {
    if (height < 1 || width < 1) {
      throw new InvalidArgumentException(
          "console size must be at least 1x1, got " + height + "x" + width);
    }
    return new ProcessModifyRequest("ConsoleSize", new ConsoleSize(height, width), null);
  }

  /**
   * The {@code HcsModifyProcess} request that closes one of a process's handles: StdIn, StdOut,
   * StdErr or All; it fails once the process has exited (WINDOWS.md §2c).
   */
  public static ProcessModifyRequest closeHandle(String handle) {
    if (!List.of("StdIn", "StdOut", "StdErr", "All").contains(handle)) {
      throw new InvalidArgumentException(
          "handle must be StdIn, StdOut, StdErr or All, got " + handle);
    }
    return new ProcessModifyRequest("CloseHandle", null, new CloseHandle(handle));
  }

  /** {@code K=V} entries as a map; an entry without {@code =} or with an empty value is dropped. */
  static Map<String, String> environment(List<String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : env) {
      int eq = entry.indexOf('=');
      if (eq > 0 && eq < entry.length() - 1) {
        out.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

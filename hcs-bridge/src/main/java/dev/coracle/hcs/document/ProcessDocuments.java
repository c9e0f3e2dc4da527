package dev.coracle.hcs.document;

import dev.coracle.core.error.InvalidArgumentException;
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
   * The {@code ProcessParameters} of {@code HcsCreateProcess}: one command line, the user only
   * when given (else the image's default user applies), environment entries with empty values
   * dropped as hcsshim drops them, and with a TTY an emulated console and no stderr pipe.
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
              "signal " + posixSignalName + " has no Windows equivalent; use SIGTERM, SIGINT or SIGKILL");
    };
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

package dev.coracle.hcs.fake;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a simulated process does, picked by its command line: the latest registered script
 * that accepts it, else {@code cmd /c echo X} writes {@code X\r\n} and exits 0, {@code cmd /c
 * exit N} exits N, and anything else runs until a console signal ends it with
 * {@link #STATUS_CONTROL_C_EXIT} (or until it is terminated). Shared by the HCS processes and
 * the HostProcess job processes of the fakes.
 */
final class CommandScripts {

  /** The exit code of a default process ended by a console control signal. */
  static final int STATUS_CONTROL_C_EXIT = 0xC000013A;

  private static final Pattern ECHO = Pattern.compile("(?i)cmd(?:\\.exe)?\\s+/c\\s+echo\\s+(.*)");
  private static final Pattern EXIT = Pattern.compile("(?i)cmd(?:\\.exe)?\\s+/c\\s+exit\\s+(-?\\d+)\\s*");

  private record Script(Predicate<String> commandLine, ProcessBehaviour behaviour) {}

  private final List<Script> scripts = new CopyOnWriteArrayList<>();

  /** Processes whose command line {@code commandLine} accepts run {@code behaviour}; the latest registration wins. */
  void add(Predicate<String> commandLine, ProcessBehaviour behaviour) {
    scripts.add(0, new Script(commandLine, behaviour));
  }

  ProcessBehaviour behaviourFor(String commandLine) {
    for (Script script : scripts) {
      if (script.commandLine().test(commandLine)) {
        return script.behaviour();
      }
    }
    Matcher echo = ECHO.matcher(commandLine.strip());
    if (echo.matches()) {
      String text = echo.group(1);
      return process -> {
        OutputStream out = process.stdout();
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return 0;
      };
    }
    Matcher exit = EXIT.matcher(commandLine.strip());
    if (exit.matches()) {
      int code = Integer.parseInt(exit.group(1));
      return process -> code;
    }
    return process -> {
      process.awaitSignal();
      return STATUS_CONTROL_C_EXIT;
    };
  }
}

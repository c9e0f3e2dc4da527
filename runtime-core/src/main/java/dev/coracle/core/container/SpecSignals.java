package dev.coracle.core.container;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Linux signal names and numbers (the same on x86_64 and aarch64). A signal is written as a
 * name with or without {@code SIG}, in any case ({@code SIGTERM}, {@code term}), as a number
 * ({@code 15}), or as a real-time signal relative to either end ({@code SIGRTMIN+3},
 * {@code SIGRTMAX-2}), which is how images write {@code StopSignal}. Real-time signals run from
 * 34 to 64, as the C library numbers them: it keeps 32 and 33 for itself, so those are refused.
 */
final class SpecSignals {

  private static final int RTMIN = 34;
  private static final int RTMAX = 64;

  /** Index = number; the names signal(7) gives, the first name of a number being its own. */
  private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
      "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
      "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

  private static final Map<String, Integer> BY_NAME = byName();

  private SpecSignals() {}

  /**
   * The number of a signal.
   *
   * @throws InvalidArgumentException when it is no Linux signal
   */
  static int number(String signal) {
    String text = signal == null ? "" : signal.strip();
    if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
      int number = text.length() > 3 ? -1 : Integer.parseInt(text);
      if (nameOf(number) == null) {
        throw new InvalidArgumentException("signal number " + text + " is not a Linux signal (1-31, 34-64)");
      }
      return number;
    }
    String upper = text.toUpperCase(Locale.ROOT);
    String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
    Integer number = BY_NAME.get(bare);
    if (number == null) {
      throw new InvalidArgumentException("\"" + signal + "\" is not a Linux signal name or number");
    }
    return number;
  }

  /** The canonical name ({@code SIGTERM}, {@code SIGRTMIN+3}) of a signal in any accepted form. */
  static String canonical(String signal) {
    return nameOf(number(signal));
  }

  /** SIG-prefixed name of a number; null when the number is no signal. */
  private static String nameOf(int number) {
    if (number >= 1 && number < NAMES.size()) {
      return "SIG" + NAMES.get(number);
    }
    if (number == RTMIN) {
      return "SIGRTMIN";
    }
    if (number == RTMAX) {
      return "SIGRTMAX";
    }
    if (number > RTMIN && number < RTMAX) {
      // The nearer end names it, as kill -l prints them.
      return number - RTMIN <= 15 ? "SIGRTMIN+" + (number - RTMIN) : "SIGRTMAX-" + (RTMAX - number);
    }
    return null;
  }

  private static Map<String, Integer> byName() {
    Map<String, Integer> names = new HashMap<>();
    for (int number = 1; number < NAMES.size(); number++) {
      names.put(NAMES.get(number), number);
    }
    names.put("IOT", 6);
    names.put("CLD", 17);
    names.put("POLL", 29);
    names.put("UNUSED", 31);
    for (int offset = 0; offset <= RTMAX - RTMIN; offset++) {
      names.put(offset == 0 ? "RTMIN" : "RTMIN+" + offset, RTMIN + offset);
      names.put(offset == 0 ? "RTMAX" : "RTMAX-" + offset, RTMAX - offset);
    }
    return Map.copyOf(names);
  }
}

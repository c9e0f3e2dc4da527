package dev.coracle.hcs.document;

import java.util.List;

/**
 * One Windows command line from an argument list, quoted so that {@code CommandLineToArgvW} (and
 * the C runtime) split it back into the same arguments (WINDOWS.md §2c): an argument with a space
 * or tab, or an empty one, is wrapped in quotes; a quote is escaped with a backslash; backslashes
 * are doubled only where a quote follows them, since elsewhere they are literal.
 */
public final class CommandLine {

  private CommandLine() {}

  /** One argument, quoted only when it needs to be. */
  public static String escape(String arg) {
    if (arg.isEmpty()) {
      return "\"\"";
    }
    boolean quote = arg.indexOf(' ') >= 0 || arg.indexOf('\t') >= 0;
    if (!quote && arg.indexOf('"') < 0) {
      return arg;
    }
    StringBuilder out = new StringBuilder(arg.length() + 8);
    if (quote) {
      out.append('"');
    }
    int backslashes = 0;
    for (int i = 0; i < arg.length(); i++) {
      char c = arg.charAt(i);
      if (c == '\\') {
        backslashes++;
      } else if (c == '"') {
        // The backslashes before a quote are doubled, then one more escapes the quote itself.
        out.append("\\".repeat(backslashes + 1));
        backslashes = 0;
      } else {
        backslashes = 0;
      }
      out.append(c);
    }
    if (quote) {
      // The closing quote must not be escaped by trailing backslashes.
      out.append("\\".repeat(backslashes)).append('"');
    }
    return out.toString();
  }

  /**
   * The command line of {@code args}. With {@code argsEscaped} (the image config's {@code
   * ArgsEscaped}) args[0] is already a command line and is taken verbatim, as containerd does; the
   * rest are escaped.
   */
  public static String join(List<String> args, boolean argsEscaped) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(i == 0 && argsEscaped ? args.get(0) : escape(args.get(i)));
    }
    return out.toString();
  }
}

package dev.coracle.hcs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {

  /** Argument → how it must appear on the command line; '|' stands for a tab. */
  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '¦',
      quoteCharacter = '\u0000',
      value = {
        "plain ¦ plain",
        "C:\\app\\srv.exe ¦ C:\\app\\srv.exe",
        "trailing\\ ¦ trailing\\",
        "a\\\\b ¦ a\\\\b",
        "with space ¦ \"with space\"",
        "with|tab ¦ \"with|tab\"",
        "say \"hi\" ¦ \"say \\\"hi\\\"\"",
        "a\"b ¦ a\\\"b",
        "a\\\"b ¦ a\\\\\\\"b",
        "a\\\\\"b ¦ a\\\\\\\\\\\"b",
        "dir with space\\ ¦ \"dir with space\\\\\"",
        "dir with space\\\\ ¦ \"dir with space\\\\\\\\\"",
        "C:\\Program Files\\app.exe ¦ \"C:\\Program Files\\app.exe\"",
        "\" ¦ \\\"",
        "--opt=\"x y\" ¦ \"--opt=\\\"x y\\\"\"",
      })
  void escape_followsCommandLineToArgvW(String arg, String expected) {
    String in = arg.strip().replace('|', '\t');
    assertEquals(expected.strip().replace('|', '\t'), CommandLine.escape(in));
    assertEquals(List.of(in), split(CommandLine.escape(in)));
  }

  @Test
  void escape_emptyArgument_isAPairOfQuotes() {
    assertEquals("\"\"", CommandLine.escape(""));
    assertEquals(List.of("a", "", "b"), split(CommandLine.join(List.of("a", "", "b"), false)));
  }

  @Test
  void join_splitsBackIntoTheSameArguments() {
    List<String> args =
        List.of(
            "C:\\Program Files\\app\\app.exe",
            "say \"hi\"",
            "C:\\dir with space\\",
            "a\\\\b",
            "",
            "\\\\server\\share\\",
            "end\\\\\"",
            "x");
    assertEquals(args, split(CommandLine.join(args, false)));
  }

  @Test
  void join_argsEscaped_takesTheFirstArgumentVerbatim() {
    assertEquals(
        "cmd /S /C \"echo hi\" \"two words\"",
        CommandLine.join(List.of("cmd /S /C \"echo hi\"", "two words"), true));
    assertEquals("cmd \"two words\"", CommandLine.join(List.of("cmd", "two words"), false));
    assertEquals("\"cmd /S\"", CommandLine.join(List.of("cmd /S"), false));
  }

  /**
   * The splitting rules of CommandLineToArgvW for arguments after the first, written out here
   * independently of the escaping code: 2n backslashes before a quote are n backslashes and the
   * quote toggles quoting; 2n+1 are n and a literal quote; other backslashes are literal.
   */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder arg = new StringBuilder();
    boolean inArg = false;
    boolean quoted = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (!quoted && (c == ' ' || c == '\t')) {
        if (inArg) {
          out.add(arg.toString());
          arg.setLength(0);
          inArg = false;
        }
        i++;
        continue;
      }
      inArg = true;
      if (c == '\\') {
        int n = 0;
        while (i < line.length() && line.charAt(i) == '\\') {
          n++;
          i++;
        }
        if (i < line.length() && line.charAt(i) == '"') {
          arg.append("\\".repeat(n / 2));
          if (n % 2 == 1) {
            arg.append('"');
            i++;
          }
        } else {
          arg.append("\\".repeat(n));
        }
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      } else {
        arg.append(c);
      }
      i++;
    }
    if (inArg) {
      out.add(arg.toString());
    }
    return out;
  }
}

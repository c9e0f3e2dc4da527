package dev.coracle.hcs.document;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.List;

/**
 * A process to start in a container (WINDOWS.md §2c).
 *
 * @param args the command and its arguments; args[0] is taken verbatim when {@code argsEscaped}
 * @param argsEscaped the image config's {@code ArgsEscaped} applies: args[0] is already a command
 *     line
 * @param workingDir the working directory, or null for the image's
 * @param user {@code run_as_username}, or null to leave the image's default user
 * @param env {@code K=V} entries
 * @param tty emulate a console (then there is no stderr pipe)
 * @param stdin create a stdin pipe
 * @param consoleHeight console rows when {@code tty}, 0 for the default
 * @param consoleWidth console columns when {@code tty}, 0 for the default
 */
public record ProcessInput(
    List<String> args,
    boolean argsEscaped,
    String workingDir,
    String user,
    List<String> env,
    boolean tty,
    boolean stdin,
    int consoleHeight,
    int consoleWidth) {

  public ProcessInput {
    args = Inputs.copyOrEmpty(args, "process args");
    if (args.isEmpty()) {
      throw new InvalidArgumentException("a process needs a command");
    }
    env = Inputs.copyOrEmpty(env, "environment");
    if (consoleHeight < 0 || consoleWidth < 0) {
      throw new InvalidArgumentException(
          "console size must not be negative, got " + consoleHeight + "x" + consoleWidth);
    }
  }
}

package dev.coracle.hcs.backend;

import dev.coracle.hcs.compute.HcsProcess;
import dev.coracle.hcs.compute.HcsSystem;
import dev.coracle.hcs.document.ProcessDocuments;
import dev.coracle.hcs.document.ProcessInput;
import dev.coracle.hcs.schema.HcsJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes of a compute system: the entrypoint from the image and the request, as the
 * one command line Windows takes (WINDOWS.md §2c).
 */
final class ContainerProcesses {

  private ContainerProcesses() {}

  /**
   * The command a container runs: the request's command replaces the image's entrypoint, its
   * args the image's cmd (an entrypoint given without args drops the image's cmd too, as on
   * Linux). The image's ArgsEscaped holds only while its own first argument is used.
   */
  static ProcessInput entrypoint(WindowsImages.Image image, List<String> command, List<String> args, List<String> env,
      String workingDir, String user, boolean tty, boolean stdin) {
    List<String> argv = new ArrayList<>(command.isEmpty() ? image.entrypoint() : command);
    argv.addAll(!args.isEmpty() ? args : command.isEmpty() ? image.cmd() : List.of());
    if (argv.isEmpty()) {
      throw new dev.coracle.core.error.InvalidArgumentException(
          "image " + image.name() + " names no command, and the request gives none");
    }
    boolean escaped = image.argsEscaped() && command.isEmpty()
        && (image.entrypoint().isEmpty() ? args.isEmpty() : true);
    List<String> environment = new ArrayList<>(image.env());
    environment.addAll(env);
    return new ProcessInput(argv, escaped, workingDir.isEmpty() ? image.workingDir() : workingDir,
        user.isEmpty() ? image.user() : user, environment, tty, stdin, tty ? 24 : 0, tty ? 80 : 0);
  }

  /** Starts the image's entrypoint with no stdio: the pods' pause process. */
  static int startDetached(HcsSystem system, WindowsImages.Image image, List<String> env, String user) {
    ProcessInput input = entrypoint(image, List.of(), List.of(), env, "", user, false, false);
    ProcessInput quiet = new ProcessInput(input.args(), input.argsEscaped(), input.workingDir(), input.user(),
        input.env(), false, false, 0, 0);
    try (HcsProcess process = system.createProcess(HcsJson.write(ProcessDocuments.process(quiet)))) {
      return process.pid();
    }
  }
}

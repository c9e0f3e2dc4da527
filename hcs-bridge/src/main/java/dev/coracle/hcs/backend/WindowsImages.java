package dev.coracle.hcs.backend;

import java.nio.file.Path;
import java.util.List;

/** What the Windows backend needs of the image store. */
public interface WindowsImages {

  /**
   * The local image a request names (reference or ID).
   *
   * @throws dev.coracle.core.error.NotFoundException when it has not been pulled
   */
  Image resolve(String image);

  /** The image, pulled first when it is not here yet (the pods' pause image). */
  Image ensure(String image);

  /**
   * A Windows image as the backend uses it.
   *
   * @param layers the imported layer directories, top-most first and the base last (WINDOWS.md §3)
   * @param osVersion the config's {@code os.version}; empty when the image names none
   * @param argsEscaped the config's {@code ArgsEscaped}: its first argument is a whole command line
   */
  record Image(String id, String ref, String name, List<String> entrypoint, List<String> cmd, List<String> env,
      String workingDir, String user, List<Path> layers, String osVersion, boolean argsEscaped) {

    public Image {
      entrypoint = List.copyOf(entrypoint);
      cmd = List.copyOf(cmd);
      env = List.copyOf(env);
      layers = List.copyOf(layers);
      workingDir = workingDir == null ? "" : workingDir;
      user = user == null ? "" : user;
      osVersion = osVersion == null ? "" : osVersion;
    }
  }
}

package dev.coracle.core.container;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.manifest.ImageConfig;
import dev.coracle.core.oci.user.ResolvedUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the container's process runs, where and with which environment, from the CRI request and the image. */
final class SpecProcess {

  /** The PATH a container gets when neither the image nor the request sets one (containerd's, Docker's). */
  static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** 0022: files the process creates are not writable by group and others, as runc defaults to. */
  static final int UMASK = 0022;

  private SpecProcess() {}

  /**
   * The command line, the Docker way: CRI's command replaces the image's entrypoint and drops
   * its cmd; CRI's args replace the cmd. An image's entrypoint of one empty string is no
   * entrypoint (how Docker clears an inherited one).
   */
  static List<String> args(ContainerConfig config, ImageConfig.RunConfig image) {
    List<String> command = config.command();
    List<String> args = config.args();
    if (command.isEmpty()) {
      if (args.isEmpty()) {
        args = image.cmd();
      }
      List<String> entrypoint = image.entrypoint();
      command = entrypoint.size() == 1 && entrypoint.get(0).isEmpty() ? List.of() : entrypoint;
    }
    if (command.isEmpty() && args.isEmpty()) {
      throw new InvalidArgumentException("no command specified: the request has no command or args and the image "
          + "no entrypoint or cmd");
    }
    List<String> all = new ArrayList<>(command);
    all.addAll(args);
    return List.copyOf(all);
  }

  /**
   * The environment, built as containerd builds it: the default PATH, then HOSTNAME (the pod's,
   * or the node's for a host-network pod), then the image's variables, then the request's; a
   * later variable of the same name replaces the earlier one where it stood. HOME is the user's
   * home from the image's /etc/passwd when nothing set it (runc would say "/" otherwise).
   *
   * @param hostname the HOSTNAME value; null or empty for none
   */
  static List<String> env(ContainerConfig config, ImageConfig.RunConfig image, ResolvedUser user, String hostname) {
    Map<String, String> env = new LinkedHashMap<>();
    put(env, DEFAULT_PATH);
    if (hostname != null && !hostname.isEmpty()) {
      put(env, "HOSTNAME=" + hostname);
    }
    image.env().forEach(entry -> put(env, entry));
    for (String entry : config.env()) {
      if (entry.isEmpty() || entry.startsWith("=")) {
        throw new InvalidArgumentException("environment variable \"" + entry + "\" has no name");
      }
      put(env, entry);
    }
    if (!env.containsKey("HOME") && user.home() != null && !user.home().isEmpty()) {
      put(env, "HOME=" + user.home());
    }
    return List.copyOf(env.values());
  }

  private static void put(Map<String, String> env, String entry) {
    int equals = entry.indexOf('=');
    env.put(equals < 0 ? entry : entry.substring(0, equals), entry);
  }

  /** The request's working directory, else the image's, else the root. */
  static String cwd(ContainerConfig config, ImageConfig.RunConfig image) {
    String cwd = !config.workingDir().isEmpty() ? config.workingDir()
        : image.workingDir() != null && !image.workingDir().isEmpty() ? image.workingDir() : "/";
    if (!cwd.startsWith("/")) {
      throw new InvalidArgumentException("working directory \"" + cwd + "\" is not an absolute path");
    }
    return cwd;
  }
}

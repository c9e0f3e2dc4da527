package dev.coracle.core.image.ref;

import java.util.regex.Pattern;

/**
 * The pieces of the Docker/OCI reference grammar. Each check returns what is wrong, or null when
 * the part is valid, so {@link ImageReference} can quote the whole input in its message.
 */
final class ReferenceGrammar {

  static final int MAX_NAME_LENGTH = 255;

  private static final String LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern HOST = Pattern.compile(
      "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

  private ReferenceGrammar() {}

  /** Docker's rule: the first component names a registry only if it could not be a repository. */
  static boolean looksLikeRegistry(String firstComponent) {
    return firstComponent.contains(".") || firstComponent.contains(":")
        || firstComponent.equals("localhost");
  }

  static String registryProblem(String host) {
    if (host == null || host.isEmpty()) {
      return "missing registry host";
    }
    return HOST.matcher(host).matches() ? null : "invalid registry host \"" + host + "\"";
  }

  static String repositoryProblem(String path) {
    if (path == null || path.isEmpty()) {
      return "missing repository name";
    }
    if (path.startsWith("/")) {
      return "repository name must not start with \"/\"";
    }
    if (path.endsWith("/")) {
      return "repository name must not end with \"/\"";
    }
    if (path.contains("//")) {
      return "repository name must not contain \"//\"";
    }
    if (!path.equals(path.toLowerCase(java.util.Locale.ROOT))) {
      return "repository name must be lowercase";
    }
    for (String component : path.split("/")) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        return "invalid repository name component \"" + component
            + "\" (lowercase letters and digits, separated by '.', '_', '__' or dashes)";
      }
    }
    return null;
  }

  static String tagProblem(String tag) {
    if (TAG.matcher(tag).matches()) {
      return null;
    }
    return "invalid tag \"" + tag + "\" (1 to 128 of letters, digits, '_', '.', '-', not starting with '.' or '-')";
  }

  static boolean isHex64(String text) {
    return HEX64.matcher(text).matches();
  }
}

package dev.coracle.cni.config;

import dev.coracle.cni.CniException;
import java.util.regex.Pattern;

/** The spec's rules for the names a config gives: the network's and each plugin's type. */
final class NameRules {

  // The spec gives network names the same alphabet as container IDs, which keeps them safe as
  // file names (the result cache and host-local's data dir use them).
  private static final Pattern NETWORK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private NameRules() {}

  static void checkNetworkName(String name, Object source) {
    if (name.isEmpty()) {
      throw invalid("", source, "the network name is empty");
    }
    if (!NETWORK_NAME.matcher(name).matches()) {
      throw invalid("", source, "the network name \"" + name + "\" must start with a letter or digit"
          + " followed only by letters, digits, '_', '.' or '-'");
    }
  }

  /** A type names a binary in the bin dirs: a file name, never a path. */
  static void checkPluginType(String type, Object source) {
    String why = pluginTypeProblem(type);
    if (why != null) {
      throw invalid(type, source, "plugin type \"" + type + "\" " + why);
    }
  }

  static boolean isPluginType(String type) {
    return pluginTypeProblem(type) == null;
  }

  private static String pluginTypeProblem(String type) {
    if (type.isEmpty()) {
      return "is empty";
    }
    if (type.equals(".") || type.equals("..")) {
      return "is not a file name";
    }
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      if (c == '/' || c == '\\') {
        return "must be a binary's file name, not a path";
      }
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        return "holds a blank or control character";
      }
    }
    return null;
  }

  static CniException invalid(String plugin, Object source, String reason) {
    String where = source == null ? "network config" : "network config " + source;
    return new CniException(CniException.INVALID_NETWORK_CONFIG, plugin, where + ": " + reason);
  }
}

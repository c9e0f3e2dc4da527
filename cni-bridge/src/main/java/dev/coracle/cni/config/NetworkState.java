package dev.coracle.cni.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The default network as the conf dir and bin dirs make it now.
 *
 * <p>The default is the first usable config, as libcni picks it; when that config's plugins are
 * missing, the node has no network (with the reason) rather than falling back to the next
 * config, so pods never land on another network while a plugin is being upgraded.
 *
 * @param configured the first usable config, whether its plugins are found or not
 * @param current {@code configured} when all its plugins are found: the network to use
 * @param reason why {@code current} is empty; empty when it is not
 * @param refusals the files passed over before the first usable one
 */
record NetworkState(
    Optional<NetworkConfigList> configured,
    Optional<NetworkConfigList> current,
    String reason,
    List<ConfigRefusal> refusals) {

  NetworkState {
    refusals = List.copyOf(refusals);
  }

  static NetworkState of(Path confDir, PluginPaths plugins) {
    ConfDirScan scan = ConfigLoader.scan(confDir, true);
    if (scan.networks().isEmpty()) {
      return new NetworkState(Optional.empty(), Optional.empty(), noConfig(confDir, scan), scan.refusals());
    }
    NetworkConfigList network = scan.networks().get(0);
    List<String> missing = plugins.missing(network);
    if (!missing.isEmpty()) {
      String reason = "CNI network " + network.name() + " (" + network.source() + "): plugin"
          + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + " not found in "
          + plugins.dirsText();
      return new NetworkState(Optional.of(network), Optional.empty(), reason, scan.refusals());
    }
    return new NetworkState(Optional.of(network), Optional.of(network), "", scan.refusals());
  }

  private static String noConfig(Path confDir, ConfDirScan scan) {
    if (!scan.refusals().isEmpty()) {
      return "no usable CNI network config in " + confDir + " (" + scan.refusals().size()
          + " refused; first: " + scan.refusals().get(0).message() + ")";
    }
    if (!Files.isDirectory(confDir)) {
      return "no CNI network config: " + confDir + " does not exist";
    }
    return "no CNI network config in " + confDir;
  }
}

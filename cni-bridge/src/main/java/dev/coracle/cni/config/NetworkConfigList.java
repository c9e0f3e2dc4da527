package dev.coracle.cni.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * One CNI network: a configuration list (a {@code .conflist}, or a single {@code .conf} plugin
 * lifted into a list of one), as the spec defines it.
 *
 * @param cniVersion the spec version the list is written for (0.4.0 to 1.1.0)
 * @param name the network's name, unique on the host; part of the result cache's key
 * @param disableCheck the list opts out of CHECK
 * @param disableGc the list opts out of GC
 * @param plugins each plugin's configuration, in order: {@code type} names the binary; the
 *     objects are copies and are never changed by the client
 * @param source the file it was read from; null for a built-in network
 */
public record NetworkConfigList(
    String cniVersion,
    String name,
    boolean disableCheck,
    boolean disableGc,
    List<ObjectNode> plugins,
    Path source) {

  public NetworkConfigList {
    plugins = plugins.stream().map(ObjectNode::deepCopy).toList();
  }
}

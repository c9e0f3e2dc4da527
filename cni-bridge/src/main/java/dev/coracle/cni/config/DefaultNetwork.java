package dev.coracle.cni.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in network for a node with no CNI config (when the daemon's config allows it):
 * {@code bridge} with {@code host-local} addresses from the pod CIDRs, then {@code portmap} for
 * hostPorts, the network podman and CRI-O ship as their default.
 *
 * <p>{@code loopback} is not in the list: every pod needs {@code lo} up whatever network the
 * admin configured, so the runtime brings it up itself for every pod (containerd runs it as a
 * network of its own for the same reason). {@code bandwidth} is added only when its binary is
 * found, so pod bandwidth annotations are honoured where they can be, and a host without it
 * still gets a working network.
 */
public final class DefaultNetwork {

  public static final String NAME = "coracle";
  public static final String CNI_VERSION = "1.0.0";
  public static final String BRIDGE = "coracle0";
  /** The subnet with no pod CIDR given: what podman and containerd's examples use. */
  public static final String DEFAULT_SUBNET = "10.88.0.0/16";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private DefaultNetwork() {}

  /**
   * The network without {@code bandwidth}.
   *
   * @param podCidrs the node's pod CIDRs in the order given (the first one's family is the
   *     primary pod IP's), at most one IPv4 and one IPv6; none means {@link #DEFAULT_SUBNET}
   * @param ipamDataDir where host-local keeps its allocations (in a subdir per network name)
   * @throws CniException ({@link CniException#INVALID_NETWORK_CONFIG}) for a CIDR that is not a
   *     usable pod subnet, two of one family, or a relative data dir
   */
  public static NetworkConfigList of(List<String> podCidrs, Path ipamDataDir) {
    return build(podCidrs, ipamDataDir, false);
  }

  /** As {@link #of(List, Path)}, with {@code bandwidth} last when {@code plugins} hold it. */
  public static NetworkConfigList of(List<String> podCidrs, Path ipamDataDir, PluginPaths plugins) {
    return build(podCidrs, ipamDataDir, plugins.lookup("bandwidth").isPresent());
  }

  private static NetworkConfigList build(List<String> podCidrs, Path ipamDataDir, boolean bandwidth) {
    if (!ipamDataDir.isAbsolute()) {
      throw new CniException(CniException.INVALID_NETWORK_CONFIG, "host-local",
          "the IPAM data dir " + ipamDataDir + " must be an absolute path");
    }
    List<PodCidr> cidrs = cidrs(podCidrs);
    List<ObjectNode> plugins = new ArrayList<>();
    plugins.add(bridge(cidrs, ipamDataDir));
    plugins.add(portmap());
    if (bandwidth) {
      plugins.add(bandwidth());
    }
    return new NetworkConfigList(CNI_VERSION, NAME, false, false, plugins, null);
  }

  private static List<PodCidr> cidrs(List<String> podCidrs) {
    List<String> given = podCidrs == null || podCidrs.isEmpty() ? List.of(DEFAULT_SUBNET) : podCidrs;
    List<PodCidr> cidrs = new ArrayList<>();
    for (String text : given) {
      PodCidr cidr = PodCidr.parse(text == null ? "" : text.strip());
      if (cidrs.stream().anyMatch(c -> c.isIpv4() == cidr.isIpv4())) {
        throw new CniException(CniException.INVALID_NETWORK_CONFIG, "",
            "pod CIDRs " + given + " hold more than one " + (cidr.isIpv4() ? "IPv4" : "IPv6") + " subnet");
      }
      cidrs.add(cidr);
    }
    return cidrs;
  }

  private static ObjectNode bridge(List<PodCidr> cidrs, Path ipamDataDir) {
    ObjectNode bridge = NODES.objectNode();
    bridge.put("type", "bridge");
    bridge.put("bridge", BRIDGE);
    bridge.put("isGateway", true);
    bridge.put("ipMasq", true);
    bridge.put("hairpinMode", true);
    ObjectNode ipam = bridge.putObject("ipam");
    ipam.put("type", "host-local");
    ArrayNode ranges = ipam.putArray("ranges");
    ArrayNode routes = ipam.putArray("routes");
    for (PodCidr cidr : cidrs) {
      // One range set per family: host-local gives a pod one address from each set.
      ranges.addArray().addObject().put("subnet", cidr.toString());
      routes.addObject().put("dst", cidr.isIpv4() ? "0.0.0.0/0" : "::/0");
    }
    ipam.put("dataDir", ipamDataDir.toString());
    return bridge;
  }

  private static ObjectNode portmap() {
    ObjectNode portmap = NODES.objectNode();
    portmap.put("type", "portmap");
    portmap.putObject("capabilities").put("portMappings", true);
    portmap.put("snat", true);
    return portmap;
  }

  private static ObjectNode bandwidth() {
    ObjectNode bandwidth = NODES.objectNode();
    bandwidth.put("type", "bandwidth");
    bandwidth.putObject("capabilities").put("bandwidth", true);
    return bandwidth;
  }
}

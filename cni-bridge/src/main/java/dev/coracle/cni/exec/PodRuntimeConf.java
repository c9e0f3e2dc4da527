package dev.coracle.cni.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What one attachment of a pod to a network is made from: the {@code CNI_*} parameters and
 * the capability arguments that reach plugins as {@code runtimeConfig}.
 *
 * @param containerId {@code CNI_CONTAINERID}: the pod sandbox's ID
 * @param netns {@code CNI_NETNS}: the pinned network namespace file
 * @param ifName {@code CNI_IFNAME}: the interface inside the pod ({@code eth0} when null)
 * @param cniArgs {@code CNI_ARGS} pairs, in order
 * @param portMappings capability {@code portMappings}; empty for none
 * @param bandwidth capability {@code bandwidth}; null for none
 * @param dns capability {@code dns}; null for none
 * @param ips capability {@code ips}, addresses in CIDR form; empty for none
 * @param cgroupPath capability {@code cgroupPath}; null for none
 */
public record PodRuntimeConf(
    String containerId,
    Path netns,
    String ifName,
    SequencedMap<String, String> cniArgs,
    List<PortMapping> portMappings,
    Bandwidth bandwidth,
    Dns dns,
    List<String> ips,
    String cgroupPath) {

  public static final String DEFAULT_IF_NAME = "eth0";

  // The spec's rule for container IDs.
  private static final Pattern CONTAINER_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
  private static final Pattern ARG = Pattern.compile("[^;=]+");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  public PodRuntimeConf {
    if (containerId == null || !CONTAINER_ID.matcher(containerId).matches()) {
      throw invalid("container ID '" + containerId + "' is not [a-zA-Z0-9][a-zA-Z0-9_.-]*");
    }
    if (netns == null) {
      throw invalid("no network namespace path for container " + containerId);
    }
    ifName = ifName == null || ifName.isEmpty() ? DEFAULT_IF_NAME : ifName;
    checkIfName(ifName);
    cniArgs = copyArgs(cniArgs == null ? Map.of() : cniArgs);
    portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
    ips = ips == null ? List.of() : List.copyOf(ips);
  }

  @Override
  public SequencedMap<String, String> cniArgs() {
    return copyArgs(cniArgs);
  }

  /**
   * The attachment of a Kubernetes pod, with the {@code CNI_ARGS} kubelet's runtimes pass
   * ({@code IgnoreUnknown=1} first, so plugins that know none of them still run) and no
   * capability arguments; add those with the {@code with...} methods.
   */
  public static PodRuntimeConf forPod(
      String containerId, Path netns, String namespace, String name, String uid) {
    SequencedMap<String, String> args = new LinkedHashMap<>();
    args.put("IgnoreUnknown", "1");
    args.put("K8S_POD_NAMESPACE", namespace);
    args.put("K8S_POD_NAME", name);
    args.put("K8S_POD_INFRA_CONTAINER_ID", containerId);
    args.put("K8S_POD_UID", uid);
    return new PodRuntimeConf(
        containerId, netns, DEFAULT_IF_NAME, args, List.of(), null, null, List.of(), null);
  }

  public PodRuntimeConf withIfName(String name) {
    return new PodRuntimeConf(
        containerId, netns, name, cniArgs, portMappings, bandwidth, dns, ips, cgroupPath);
  }

  public PodRuntimeConf withPortMappings(List<PortMapping> mappings) {
    return new PodRuntimeConf(
        containerId, netns, ifName, cniArgs, mappings, bandwidth, dns, ips, cgroupPath);
  }

  public PodRuntimeConf withBandwidth(Bandwidth limits) {
    return new PodRuntimeConf(
        containerId, netns, ifName, cniArgs, portMappings, limits, dns, ips, cgroupPath);
  }

  public PodRuntimeConf withDns(Dns settings) {
    return new PodRuntimeConf(
        containerId, netns, ifName, cniArgs, portMappings, bandwidth, settings, ips, cgroupPath);
  }

  public PodRuntimeConf withIps(List<String> addresses) {
    return new PodRuntimeConf(
        containerId, netns, ifName, cniArgs, portMappings, bandwidth, dns, addresses, cgroupPath);
  }

  public PodRuntimeConf withCgroupPath(String path) {
    return new PodRuntimeConf(
        containerId, netns, ifName, cniArgs, portMappings, bandwidth, dns, ips, path);
  }

  /** {@code CNI_ARGS}: the pairs as {@code K=V}, joined by semicolons. */
  String cniArgsText() {
    return cniArgs.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(";"));
  }

  /** The capability arguments that are set, in the spec's conventions' JSON form. */
  ObjectNode capabilityArgs() {
    ObjectNode out = NODES.objectNode();
    if (!portMappings.isEmpty()) {
      ArrayNode list = out.putArray("portMappings");
      for (PortMapping m : portMappings) {
        ObjectNode n = list.addObject();
        n.put("hostPort", m.hostPort());
        n.put("containerPort", m.containerPort());
        n.put("protocol", m.protocol());
        if (!m.hostIp().isEmpty()) {
          n.put("hostIP", m.hostIp());
        }
      }
    }
    if (bandwidth != null) {
      ObjectNode n = out.putObject("bandwidth");
      n.put("ingressRate", bandwidth.ingressRate());
      n.put("ingressBurst", bandwidth.ingressBurst());
      n.put("egressRate", bandwidth.egressRate());
      n.put("egressBurst", bandwidth.egressBurst());
    }
    if (dns != null) {
      ObjectNode n = out.putObject("dns");
      dns.servers().forEach(n.putArray("servers")::add);
      dns.searches().forEach(n.putArray("searches")::add);
      dns.options().forEach(n.putArray("options")::add);
    }
    if (!ips.isEmpty()) {
      ips.forEach(out.putArray("ips")::add);
    }
    if (cgroupPath != null && !cgroupPath.isEmpty()) {
      out.put("cgroupPath", cgroupPath);
    }
    return out;
  }

  /** Reads back what {@link #capabilityArgs()} wrote (the result cache keeps it that way). */
  PodRuntimeConf withCapabilityArgs(JsonNode args) {
    List<PortMapping> mappings =
        stream(args.path("portMappings"))
            .map(
                n ->
                    new PortMapping(
                        n.path("hostPort").asInt(),
                        n.path("containerPort").asInt(),
                        n.path("protocol").asText("tcp"),
                        n.path("hostIP").asText("")))
            .toList();
    JsonNode b = args.path("bandwidth");
    Bandwidth limits =
        b.isObject()
            ? new Bandwidth(
                b.path("ingressRate").asLong(),
                b.path("ingressBurst").asLong(),
                b.path("egressRate").asLong(),
                b.path("egressBurst").asLong())
            : null;
    JsonNode d = args.path("dns");
    Dns settings =
        d.isObject()
            ? new Dns(texts(d.path("servers")), texts(d.path("searches")), texts(d.path("options")))
            : null;
    String cgroup = args.hasNonNull("cgroupPath") ? args.get("cgroupPath").asText() : null;
    return new PodRuntimeConf(
        containerId, netns, ifName, cniArgs, mappings, limits, settings,
        texts(args.path("ips")), cgroup);
  }

  private static Stream<JsonNode> stream(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false);
  }

  private static List<String> texts(JsonNode list) {
    return stream(list).map(JsonNode::asText).toList();
  }

  private static SequencedMap<String, String> copyArgs(Map<String, String> args) {
    SequencedMap<String, String> out = new LinkedHashMap<>();
    args.forEach(
        (k, v) -> {
          if (k == null || v == null || !ARG.matcher(k).matches() || !ARG.matcher(v).matches()) {
            throw invalid("CNI_ARGS pair '" + k + "=" + v + "' is empty or holds ';' or '='");
          }
          out.put(k, v);
        });
    return out;
  }

  // Linux's rules for interface names, which the spec repeats.
  private static void checkIfName(String name) {
    if (name.length() > 15
        || name.equals(".")
        || name.equals("..")
        || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
      throw invalid("interface name '" + name + "' is not a Linux interface name");
    }
  }

  private static CniException invalid(String message) {
    return new CniException(CniException.INVALID_ENVIRONMENT, "", message);
  }

  /**
   * A host port forwarded to the pod (the portmap plugin's {@code portMappings}).
   *
   * @param protocol {@code tcp}, {@code udp} or {@code sctp}
   * @param hostIp the host address to bind; empty for all
   */
  public record PortMapping(int hostPort, int containerPort, String protocol, String hostIp) {

    public PortMapping {
      if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
        throw invalid("port mapping " + hostPort + "->" + containerPort + " is out of 1-65535");
      }
      protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol.toLowerCase();
      if (!List.of("tcp", "udp", "sctp").contains(protocol)) {
        throw invalid("port mapping protocol '" + protocol + "' is not tcp, udp or sctp");
      }
      hostIp = hostIp == null ? "" : hostIp;
    }
  }

  /** Traffic shaping (the bandwidth plugin's {@code bandwidth}): rates in bit/s, bursts in bits. */
  public record Bandwidth(long ingressRate, long ingressBurst, long egressRate, long egressBurst) {}

  /** DNS settings for plugins that apply them ({@code dns}). */
  public record Dns(List<String> servers, List<String> searches, List<String> options) {

    public Dns {
      servers = servers == null ? List.of() : List.copyOf(servers);
      searches = searches == null ? List.of() : List.copyOf(searches);
      options = options == null ? List.of() : List.copyOf(options);
    }
  }
}

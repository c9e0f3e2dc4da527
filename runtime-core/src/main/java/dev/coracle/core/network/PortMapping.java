package dev.coracle.core.network;

/**
 * One port of the pod published on the host, as kubelet asks for it; kept for the network
 * plugin (CNI's {@code portMappings} capability), which is what publishes it.
 *
 * @param protocol {@code tcp}, {@code udp} or {@code sctp}
 * @param hostIp the host address to bind; empty for all
 */
public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {

  public PortMapping {
    protocol = protocol == null ? "tcp" : protocol;
    hostIp = hostIp == null ? "" : hostIp;
  }
}

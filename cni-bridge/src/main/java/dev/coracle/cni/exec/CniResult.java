package dev.coracle.cni.exec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A plugin list's ADD result, normalized over the spec versions 0.3.0 to 1.1.0, with the JSON
 * the client received kept as it was: that is what later plugins get as {@code prevResult}
 * and what the cache holds for DEL and CHECK.
 *
 * @param cniVersion the version {@code raw} is written in
 * @param interfaces the interfaces the plugins made, host side and sandbox side
 * @param ips the addresses, each in CIDR form, in the order the plugins returned them
 * @param routes the routes the plugins set up
 * @param dns the DNS settings the plugins returned; empty lists when none
 * @param raw the result JSON in {@code cniVersion}'s format
 */
public record CniResult(
    String cniVersion,
    List<Interface> interfaces,
    List<IpConfig> ips,
    List<Route> routes,
    Dns dns,
    ObjectNode raw) {

  public CniResult {
    interfaces = List.copyOf(interfaces);
    ips = List.copyOf(ips);
    routes = List.copyOf(routes);
    raw = raw.deepCopy();
  }

  /** A copy: the result stays as the plugins wrote it. */
  @Override
  public ObjectNode raw() {
    return raw.deepCopy();
  }

  /**
   * The pod's addresses without their prefix length, in result order: those on an interface
   * inside the sandbox, and those that name no interface at all (an IPAM-only result).
   */
  public List<String> podIps() {
    List<String> out = new ArrayList<>();
    for (IpConfig ip : ips) {
      if (ip.interfaceIndex() == null || inSandbox(ip.interfaceIndex())) {
        out.add(ip.ip());
      }
    }
    return List.copyOf(out);
  }

  private boolean inSandbox(int index) {
    return index >= 0
        && index < interfaces.size()
        && !interfaces.get(index).sandbox().isEmpty();
  }

  /**
   * One interface.
   *
   * @param sandbox the network namespace path (or hypervisor ID) it lives in; empty on the host
   * @param mtu since 1.1.0; null when not given
   * @param socketPath since 1.1.0; null when not given
   * @param pciId since 1.1.0 ({@code pciID}); null when not given
   */
  public record Interface(
      String name, String mac, String sandbox, Integer mtu, String socketPath, String pciId) {

    public Interface {
      mac = mac == null ? "" : mac;
      sandbox = sandbox == null ? "" : sandbox;
    }
  }

  /**
   * One address.
   *
   * @param address the address with its prefix length, as {@code 198.18.0.5/24}
   * @param gateway the gateway; null when none
   * @param interfaceIndex the index into {@link #interfaces()}; null when not given
   */
  public record IpConfig(String address, String gateway, Integer interfaceIndex) {

    /** The address without its prefix length. */
    public String ip() {
      int slash = address.indexOf('/');
      return slash < 0 ? address : address.substring(0, slash);
    }

    /** 4 or 6, from the address itself (1.0.0 results no longer say). */
    public int family() {
      return ip().contains(":") ? 6 : 4;
    }
  }

  /**
   * One route; the fields after {@code gw} are those 1.1.0 added, null when not given.
   *
   * @param gw the next hop; null for the default gateway of the interface
   */
  public record Route(
      String dst,
      String gw,
      Integer mtu,
      Integer advmss,
      Integer priority,
      Integer table,
      Integer scope) {}

  /** DNS settings; empty lists and an empty domain when the plugins gave none. */
  public record Dns(
      List<String> nameservers, String domain, List<String> search, List<String> options) {

    static final Dns NONE = new Dns(List.of(), "", List.of(), List.of());

    public Dns {
      nameservers = List.copyOf(nameservers);
      domain = domain == null ? "" : domain;
      search = List.copyOf(search);
      options = List.copyOf(options);
    }

    boolean isEmpty() {
      return nameservers.isEmpty() && domain.isEmpty() && search.isEmpty() && options.isEmpty();
    }
  }
}

package dev.coracle.core.lifecycle;

import dev.coracle.core.error.InvalidArgumentException;
import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files every container of a pod shares: {@code /etc/hostname}, {@code /etc/hosts} and
 * {@code /etc/resolv.conf}, written once per pod and bind-mounted into its containers.
 */
public final class PodFiles {

  /** A pod's DNS settings as CRI's {@code DNSConfig} gives them. */
  public record Dns(List<String> servers, List<String> searches, List<String> options) {
    public Dns {
      servers = servers == null ? List.of() : List.copyOf(servers);
      searches = searches == null ? List.of() : List.copyOf(searches);
      options = options == null ? List.of() : List.copyOf(options);
    }

    public boolean isEmpty() {
      return servers.isEmpty() && searches.isEmpty() && options.isEmpty();
    }
  }

  // Four dotted decimals only: InetAddress would also take BSD shorthands like 1.2.3.
  private static final Pattern LITERAL_IP = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern SEARCH = Pattern.compile("[A-Za-z0-9_.-]{1,253}");
  private static final Pattern OPTION = Pattern.compile("[A-Za-z0-9_-]+(:[0-9]+)?");

  private PodFiles() {}

  public static String hostname(String hostname) {
    return hostname + "\n";
  }

  /** localhost entries for both families, then the pod's own name on each of its IPs. */
  public static String hosts(String hostname, List<String> podIps) {
    StringBuilder out = new StringBuilder()
        .append("127.0.0.1\tlocalhost\n")
        .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
        .append("fe00::0\tip6-localnet\n")
        .append("fe00::0\tip6-mcastprefix\n")
        .append("fe00::1\tip6-allnodes\n")
        .append("fe00::2\tip6-allrouters\n");
    for (String ip : podIps) {
      out.append(ip).append('\t').append(hostname).append('\n');
    }
    if (podIps.isEmpty()) {
      out.append("127.0.1.1\t").append(hostname).append('\n');
    }
    return out.toString();
  }

  /**
   * resolv.conf from the pod's DNS config, validated so no value can inject another directive.
   * With no config at all the host's file is used instead (the caller copies it).
   */
  public static String resolvConf(Dns dns) {
    if (dns.searches().size() > 32) {
      throw new InvalidArgumentException("dns_config has " + dns.searches().size() + " search domains; at most 32");
    }
    StringBuilder out = new StringBuilder();
    for (String server : dns.servers()) {
      if (!LITERAL_IP.matcher(server).matches() || !isIp(server)) {
        throw new InvalidArgumentException("dns_config server \"" + server + "\" is not an IP address");
      }
      out.append("nameserver ").append(server).append('\n');
    }
    if (!dns.searches().isEmpty()) {
      for (String search : dns.searches()) {
        if (!SEARCH.matcher(search).matches()) {
          throw new InvalidArgumentException("dns_config search domain \"" + search + "\" is not a domain name");
        }
      }
      out.append("search ").append(String.join(" ", dns.searches())).append('\n');
    }
    if (!dns.options().isEmpty()) {
      for (String option : dns.options()) {
        if (!OPTION.matcher(option).matches()) {
          throw new InvalidArgumentException("dns_config option \"" + option + "\" is not a resolver option");
        }
      }
      out.append("options ").append(String.join(" ", dns.options())).append('\n');
    }
    return out.toString();
  }

  private static boolean isIp(String literal) {
    try {
      InetAddress.getByName(literal);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}

package dev.coracle.core.network;

import dev.coracle.core.error.InvalidArgumentException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in CIDR notation, such as {@code 10.88.0.0/16} or {@code fd00::/64}. */
public record Cidr(InetAddress address, int prefixLength) {

  // Literal addresses only: InetAddress.getByName must never be handed a host name to resolve.
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public Cidr {
    int max = address instanceof Inet4Address ? 32 : 128;
    if (prefixLength < 0 || prefixLength > max) {
      throw new InvalidArgumentException(
          "prefix length " + prefixLength + " is outside 0.." + max + " for " + address.getHostAddress());
    }
  }

  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new InvalidArgumentException("\"" + text + "\" is not a CIDR (address/prefix)");
    }
    String host = text.substring(0, slash);
    String prefix = text.substring(slash + 1);
    if (!LITERAL.matcher(host).matches() || !prefix.chars().allMatch(Character::isDigit) || prefix.length() > 3) {
      throw new InvalidArgumentException("\"" + text + "\" is not a CIDR (address/prefix)");
    }
    try {
      return new Cidr(InetAddress.getByName(host), Integer.parseInt(prefix));
    } catch (UnknownHostException e) {
      throw new InvalidArgumentException("\"" + text + "\" does not hold a valid IP address", e);
    }
  }

  public boolean isIpv4() {
    return address instanceof Inet4Address;
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength;
  }
}

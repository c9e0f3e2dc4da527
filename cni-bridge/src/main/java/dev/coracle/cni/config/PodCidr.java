package dev.coracle.cni.config;

import dev.coracle.cni.CniException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** A pod subnet in CIDR notation (as given): a network address and a prefix length. */
record PodCidr(String text, InetAddress network, int prefix) {

  private static final Pattern IPV4 =
      Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");
  // Only hex digits, colons and dots: InetAddress then parses a literal and never asks DNS.
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  // Fewer addresses than this leaves no room for a gateway and a pod.
  private static final int MAX_PREFIX_V4 = 30;
  private static final int MAX_PREFIX_V6 = 126;

  static PodCidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw invalid(text, "not in CIDR notation (address/prefix)");
    }
    String addressText = text.substring(0, slash);
    InetAddress address = address(addressText, text);
    int bits = address instanceof Inet4Address ? 32 : 128;
    int prefix = prefix(text.substring(slash + 1), bits, text);
    int max = bits == 32 ? MAX_PREFIX_V4 : MAX_PREFIX_V6;
    if (prefix > max) {
      throw invalid(text, "is too small for pods (at most /" + max + ")");
    }
    InetAddress network = masked(address, prefix);
    if (!network.equals(address)) {
      throw invalid(text, "has host bits set; the network is " + network.getHostAddress() + "/" + prefix);
    }
    return new PodCidr(text, network, prefix);
  }

  boolean isIpv4() {
    return network instanceof Inet4Address;
  }

  /** As given: host-local reads any form, and people recognise their own. */
  @Override
  public String toString() {
    return text;
  }

  private static InetAddress address(String address, String text) {
    try {
      if (IPV4.matcher(address).matches()) {
        for (String octet : address.split("\\.")) {
          if (Integer.parseInt(octet) > 255) {
            throw invalid(text, "is not an IPv4 or IPv6 subnet");
          }
        }
        return InetAddress.getByName(address);
      }
      if (IPV6_CHARS.matcher(address).matches()) {
        InetAddress parsed = InetAddress.getByName(address);
        // "::ffff:a.b.c.d" comes back as IPv4: an IPv4-mapped range is no IPv6 pod range.
        if (parsed instanceof Inet4Address) {
          throw invalid(text, "is an IPv4-mapped IPv6 address; give the IPv4 subnet itself");
        }
        return parsed;
      }
    } catch (UnknownHostException e) {
      // falls through to the refusal
    }
    throw invalid(text, "is not an IPv4 or IPv6 subnet");
  }

  private static int prefix(String text, int bits, String whole) {
    if (!text.matches("0|[1-9]\\d{0,2}")) {
      throw invalid(whole, "has no prefix length after '/'");
    }
    int prefix = Integer.parseInt(text);
    if (prefix > bits) {
      throw invalid(whole, "has a prefix longer than " + bits + " bits");
    }
    return prefix;
  }

  private static InetAddress masked(InetAddress address, int prefix) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      bytes[i] &= (byte) (0xff << (8 - keep));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CniException invalid(String text, String why) {
    return new CniException(CniException.INVALID_NETWORK_CONFIG, "", "pod CIDR \"" + text + "\" " + why);
  }
}

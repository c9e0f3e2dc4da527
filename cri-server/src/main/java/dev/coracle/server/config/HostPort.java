package dev.coracle.server.config;

/** A {@code host:port} listening address; IPv6 hosts are written in brackets. */
public record HostPort(String host, int port) {

  public static HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("must be host:port, not \"" + text + "\"");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("must write an IPv6 host in brackets, not \"" + text + "\"");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("has no numeric port: \"" + text + "\"");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    }
    return new HostPort(host, port);
  }
}

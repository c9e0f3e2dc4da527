package dev.coracle.core.image.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a registry, for tests of how a client survives a bad
 * network: it forwards plain HTTP/1.1 unchanged until armed, then cuts a response short or flips
 * a byte of one. Point the client at {@link #host()} instead of the registry's.
 *
 * <p>Both faults are <b>one-shot</b>: once a cut or a corruption has happened it is disarmed, so
 * a client's retry goes through clean; arm it again to fail the retry too. They touch only
 * response bodies, never status lines or headers, and count bytes across all connections.
 */
public final class FaultyProxy implements AutoCloseable {

  private final ServerSocket server;
  private final String upstreamHost;
  private final int upstreamPort;
  private final ProxyFaults faults = new ProxyFaults();
  private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile boolean closed;

  private FaultyProxy(ServerSocket server, String upstreamHost, int upstreamPort) {
    this.server = server;
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
  }

  /** Starts a proxy to {@code host:port} (e.g. {@link TestRegistry#host()}). */
  public static FaultyProxy to(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("\"" + hostPort + "\" is not host:port");
    }
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      FaultyProxy proxy = new FaultyProxy(server, hostPort.substring(0, colon),
          Integer.parseInt(hostPort.substring(colon + 1)));
      Thread.ofPlatform().daemon().name("faulty-proxy-" + server.getLocalPort()).start(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT} of the proxy. */
  public String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /**
   * Once {@code n} more response body bytes have gone to clients (counted from now, over all
   * connections), closes the connection that would carry the next one. One-shot.
   */
  public void cutAfterBytes(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("byte count must not be negative");
    }
    faults.armCut(n);
  }

  /**
   * Flips (XOR 0xff) the byte at {@code offset} of the next response body longer than
   * {@code offset}; the length and headers stay as they were. One-shot.
   */
  public void corruptByteAt(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
    faults.armCorruption(offset);
  }

  /** Disarms both faults. */
  public void reset() {
    faults.reset();
  }

  /** How many connections were cut so far. */
  public int cuts() {
    return faults.cuts();
  }

  /** How many bytes were corrupted so far. */
  public int corruptions() {
    return faults.corruptions();
  }

  /** Closes the listener and every open connection. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // Closing is all that was asked.
    }
    List.copyOf(connections).forEach(ProxyConnection::close);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      connect(client);
    }
  }

  /** With the upstream down the client's connection is closed at once, as a dead registry's would be refused. */
  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      upstream.connect(new InetSocketAddress(upstreamHost, upstreamPort), 5_000);
    } catch (IOException e) {
      closeBoth(client, upstream);
      return;
    }
    String name = "faulty-proxy-" + server.getLocalPort() + "-" + accepted.incrementAndGet();
    new ProxyConnection(client, upstream, faults, connections).start(name);
  }

  private static void closeBoth(Socket a, Socket b) {
    try (a; b) {
      // closed by try-with-resources
    } catch (IOException ignored) {
      // Closing is all that was asked.
    }
  }
}

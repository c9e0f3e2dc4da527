package dev.coracle.server.listen;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** A unix socket served through epoll, held by a {@link SocketClaim}. */
final class UnixSocketListener implements Listener {

  private final SocketClaim claim;
  private final EventLoopGroup boss = new EpollEventLoopGroup(1, named("coracle-accept"));
  private final EventLoopGroup workers = new EpollEventLoopGroup(2, named("coracle-io"));

  private UnixSocketListener(SocketClaim claim) {
    this.claim = claim;
  }

  /** @throws SocketInUseException if another process serves the socket */
  static UnixSocketListener claim(Path socket) {
    return new UnixSocketListener(SocketClaim.claim(socket));
  }

  @Override
  public NettyServerBuilder serverBuilder() {
    return NettyServerBuilder.forAddress(new DomainSocketAddress(claim.socket().toString()))
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(workers);
  }

  @Override
  public void serving() {
    claim.restrictSocketPermissions();
  }

  @Override
  public void close() {
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    claim.close();
  }

  private static ThreadFactory named(String prefix) {
    return Thread.ofPlatform().name(prefix + "-", 0).daemon(true).factory();
  }
}

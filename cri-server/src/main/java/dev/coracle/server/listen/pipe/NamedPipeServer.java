package dev.coracle.server.listen.pipe;

import dev.coracle.server.listen.Listener;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.local.LocalAddress;
import io.grpc.netty.shaded.io.netty.channel.local.LocalIoHandler;
import io.grpc.netty.shaded.io.netty.channel.local.LocalServerChannel;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server on a named pipe: a {@link NamedPipeListener} accepts clients, a
 * {@link PipeBridge} carries each into the server, which listens on an in-process
 * {@link LocalAddress} that nothing outside this JVM can reach (WINDOWS.md §10).
 */
public final class NamedPipeServer implements Listener {

  private final EventLoopGroup group;
  private final LocalAddress address;
  private final PipeBridge bridge;
  private final NamedPipeListener listener;

  private NamedPipeServer(EventLoopGroup group, LocalAddress address, PipeBridge bridge, NamedPipeListener listener) {
    this.group = group;
    this.address = address;
    this.bridge = bridge;
    this.listener = listener;
  }

  /**
   * Claims the pipe through kernel32 and advapi32. Windows only.
   *
   * @throws dev.coracle.server.listen.SocketInUseException if another process serves the pipe
   */
  public static NamedPipeServer claim(PipeEndpoint endpoint) {
    return claim(PipeApi.load(), endpoint);
  }

  static NamedPipeServer claim(PipeApi api, PipeEndpoint endpoint) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
        Thread.ofPlatform().name("coracle-io-", 0).daemon(true).factory(), LocalIoHandler.newFactory());
    LocalAddress address = new LocalAddress("coracle-cri-" + UUID.randomUUID());
    PipeBridge bridge = new PipeBridge(address, group);
    try {
      return new NamedPipeServer(group, address, bridge, NamedPipeListener.open(api, endpoint, bridge::serve));
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  @Override
  public NettyServerBuilder serverBuilder() {
    return NettyServerBuilder.forAddress(address)
        .channelType(LocalServerChannel.class)
        .bossEventLoopGroup(group)
        .workerEventLoopGroup(group);
  }

  @Override
  public void serving() {
    listener.start();
  }

  @Override
  public void close() {
    listener.close();
    bridge.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}

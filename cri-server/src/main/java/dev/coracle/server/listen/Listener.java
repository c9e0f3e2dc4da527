package dev.coracle.server.listen;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * Where the daemon is reached: the claim on its endpoint and the transport the gRPC server
 * runs on. {@link ListenerKind} picks one per platform.
 */
public interface Listener extends AutoCloseable {

  /** A server builder on this transport and its event loops; the caller adds the services. */
  NettyServerBuilder serverBuilder();

  /** Called once the server has started: lets clients in. */
  void serving();

  /** Stops accepting, ends the transport's threads and lets go of the endpoint. */
  @Override
  void close();
}

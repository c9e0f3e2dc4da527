package dev.coracle.server.listen.pipe;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufUtil;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFuture;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.local.LocalAddress;
import io.grpc.netty.shaded.io.netty.channel.local.LocalChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries byte-stream connections into a gRPC server listening on a Netty
 * {@link LocalAddress}: grpc-java has no pipe transport, so each pipe client becomes one
 * in-process {@link LocalChannel} to the server (WINDOWS.md §10, design note), and the server
 * sees one HTTP/2 connection per client.
 *
 * <p>Per connection, one thread reads the client and writes to the channel, one writes what the
 * channel receives to the client (the calls block; the event loop never does). When either side
 * ends, both are closed and both threads end. HTTP/2 flow control bounds what waits in between.
 */
final class PipeBridge implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PipeBridge.class);
  private static final byte[] END = new byte[0];

  private final LocalAddress server;
  private final EventLoopGroup group;
  private final Set<Bridged> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile boolean closed;

  /** @param group runs the client-side channels; a group that serves local channels */
  PipeBridge(LocalAddress server, EventLoopGroup group) {
    this.server = server;
    this.group = group;
  }

  /**
   * Bridges {@code connection} to the server, taking it over: it is closed when the bridge is,
   * on failure too.
   *
   * @return completes once both sides are closed and the connection's threads are done
   */
  CompletableFuture<Void> serve(PipeConnection connection) {
    if (closed) {
      connection.close();
      throw new IllegalStateException("the pipe bridge is closed");
    }
    Bridged bridged = new Bridged(ids.incrementAndGet(), connection);
    // The handler is there before the channel is: the server speaks first (its SETTINGS).
    ChannelFuture connect = new Bootstrap().group(group).channel(LocalChannel.class)
        .handler(bridged.fromServer()).connect(server).awaitUninterruptibly();
    if (!connect.isSuccess()) {
      connection.close();
      throw new UncheckedIOException(new IOException("cannot reach the server at " + server, connect.cause()));
    }
    synchronized (open) {
      if (closed) {
        connect.channel().close();
        connection.close();
        throw new IllegalStateException("the pipe bridge is closed");
      }
      open.add(bridged);
      bridged.start(connect.channel());
    }
    return bridged.done;
  }

  /** Connections bridged now. */
  int openConnections() {
    return open.size();
  }

  /** Closes every connection and waits for their threads to end. */
  @Override
  public void close() {
    List<Bridged> all;
    synchronized (open) {
      closed = true;
      all = List.copyOf(open);
    }
    all.forEach(Bridged::abort);
    all.forEach(Bridged::join);
  }

  /** One client and its channel. */
  private final class Bridged {
    private final PipeConnection connection;
    private final BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Thread writer;
    private final AtomicInteger running = new AtomicInteger(2);
    private volatile Channel channel;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Bridged(int id, PipeConnection connection) {
      this.connection = connection;
      this.reader = Thread.ofPlatform().name("coracle-pipe-" + id + "-read").daemon(true).unstarted(this::fromClient);
      this.writer = Thread.ofPlatform().name("coracle-pipe-" + id + "-write").daemon(true).unstarted(this::toClient);
    }

    /** What the server sends goes to the writer's queue; the queue ends when the channel does. */
    ChannelInboundHandlerAdapter fromServer() {
      return new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          ByteBuf bytes = (ByteBuf) msg;
          try {
            toClient.add(ByteBufUtil.getBytes(bytes));
          } finally {
            bytes.release();
          }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
          toClient.add(END); // after what the server wrote last
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
          log.debug("pipe bridge channel failed", cause);
          ctx.close();
        }
      };
    }

    void start(Channel connected) {
      channel = connected;
      reader.start();
      writer.start();
    }

    private void fromClient() {
      byte[] buffer = new byte[PipeHandleConnection.BUFFER_BYTES];
      try {
        int count;
        while ((count = connection.read(buffer, 0, buffer.length)) >= 0) {
          channel.writeAndFlush(Unpooled.copiedBuffer(buffer, 0, count));
        }
      } catch (IOException | RuntimeException e) {
        log.debug("reading a pipe client failed: {}", e.toString());
      } finally {
        channel.close();
        finished();
      }
    }

    private void toClient() {
      boolean failed = false;
      try {
        while (true) {
          byte[] bytes = toClient.take();
          if (bytes == END) {
            break;
          }
          if (!failed) {
            try {
              connection.write(bytes, 0, bytes.length);
            } catch (IOException | RuntimeException e) {
              log.debug("writing to a pipe client failed: {}", e.toString());
              failed = true;
              channel.close();
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        connection.close(); // wakes the reader
        finished();
      }
    }

    private void finished() {
      if (running.decrementAndGet() == 0) {
        open.remove(this); // before done: whoever waits on done sees it gone
        done.complete(null);
      }
    }

    /** Ends both directions now, whatever is still in flight. */
    void abort() {
      connection.close();
      channel.close();
      toClient.add(END);
    }

    void join() {
      boolean interrupted = false;
      for (Thread thread : List.of(reader, writer)) {
        while (thread.isAlive()) {
          try {
            thread.join();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

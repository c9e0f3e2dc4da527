package dev.coracle.server.listen.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.VersionRequest;
import dev.coracle.cri.v1.VersionResponse;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.local.LocalAddress;
import io.grpc.netty.shaded.io.netty.channel.local.LocalIoHandler;
import io.grpc.netty.shaded.io.netty.channel.local.LocalServerChannel;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real gRPC client, over a loopback TCP connection standing in for the pipe, through the
 * bridge, to a real gRPC server on a local address.
 */
class PipeBridgeTest {

  private static final int MAX_MESSAGE = 8 * 1024 * 1024;

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());
  private final LocalAddress address = new LocalAddress("pipe-bridge-test-" + UUID.randomUUID());
  private final TestRuntime runtime = new TestRuntime();
  private final AtomicInteger transports = new AtomicInteger();
  private final Semaphore transportsEnded = new Semaphore(0);
  private final BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private Server server;
  private PipeBridge bridge;
  private ServerSocket tcp;
  private Thread acceptor;

  /** One TCP connection taken as the pipe client, and what the bridge made of it. */
  private record Accepted(SocketConnection connection, CompletableFuture<Void> bridged) {}

  @BeforeEach
  void start() throws IOException {
    server = NettyServerBuilder.forAddress(address)
        .channelType(LocalServerChannel.class)
        .bossEventLoopGroup(group)
        .workerEventLoopGroup(group)
        .maxInboundMessageSize(MAX_MESSAGE)
        .addTransportFilter(new ServerTransportFilter() {
          @Override
          public Attributes transportReady(Attributes attributes) {
            transports.incrementAndGet();
            return attributes;
          }

          @Override
          public void transportTerminated(Attributes attributes) {
            transports.decrementAndGet();
            transportsEnded.release();
          }
        })
        .addService(runtime)
        .build()
        .start();
    bridge = new PipeBridge(address, group);
    tcp = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().name("test-accept").start(() -> {
      try {
        while (true) {
          SocketConnection connection = new SocketConnection(tcp.accept());
          accepted.add(new Accepted(connection, bridge.serve(connection)));
        }
      } catch (IOException e) {
        // the test closed the server socket
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    channels.forEach(ManagedChannel::shutdownNow);
    tcp.close();
    acceptor.join();
    bridge.close();
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private RuntimeServiceGrpc.RuntimeServiceBlockingStub client() {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", tcp.getLocalPort(),
        InsecureChannelCredentials.create()).maxInboundMessageSize(MAX_MESSAGE).build();
    channels.add(channel);
    return RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private Accepted nextAccepted() throws InterruptedException {
    Accepted next = accepted.poll(10, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("no connection reached the bridge");
    }
    return next;
  }

  @Test
  void serve_unaryCalls_reachTheServerAndBack() {
    RuntimeServiceGrpc.RuntimeServiceBlockingStub client = client();
    for (int i = 0; i < 5; i++) {
      VersionResponse response = client.version(VersionRequest.newBuilder().setVersion("v1-" + i).build());
      assertEquals("bridged", response.getRuntimeName());
      assertEquals("v1-" + i, response.getVersion());
    }
    assertEquals(1, accepted.size(), "one client, one connection");
  }

  @Test
  void serve_messagesLargerThanOneMiB_bothWays() {
    StringBuilder big = new StringBuilder();
    for (int i = 0; big.length() < 3 * 1024 * 1024; i++) {
      big.append(i).append(',');
    }
    VersionResponse response = client().version(VersionRequest.newBuilder().setVersion(big.toString()).build());
    assertEquals(big.toString(), response.getVersion());
    assertEquals(big.reverse().toString(), response.getRuntimeVersion());
  }

  @Test
  void serve_manyConcurrentConnections_eachGetsItsOwnAnswers() throws Exception {
    int clients = 16;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        RuntimeServiceGrpc.RuntimeServiceBlockingStub client = client();
        int id = c;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 20; i++) {
            String version = id + "/" + i;
            assertEquals(version, client.version(VersionRequest.newBuilder().setVersion(version).build()).getVersion());
          }
          return id;
        }));
      }
      for (Future<Integer> result : results) {
        result.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(clients, accepted.size());
    assertEquals(clients, transports.get(), "one server transport per client");
    channels.forEach(ManagedChannel::shutdown);
    for (Accepted each : accepted) {
      each.bridged().get(10, TimeUnit.SECONDS);
    }
    assertTrue(transportsEnded.tryAcquire(clients, 10, TimeUnit.SECONDS), "every server transport ended");
    assertEquals(0, bridge.openConnections());
  }

  @Test
  void serve_clientVanishesMidCall_callIsCancelledAndBothSidesClose() throws Exception {
    RuntimeServiceGrpc.RuntimeServiceBlockingStub client = client();
    CompletableFuture<VersionResponse> call = CompletableFuture.supplyAsync(
        () -> client.version(VersionRequest.newBuilder().setVersion(TestRuntime.HOLD).build()));
    assertTrue(runtime.held.await(10, TimeUnit.SECONDS), "the call reached the server");
    Accepted pipe = nextAccepted();
    pipe.connection().vanish();
    assertTrue(runtime.cancelled.await(10, TimeUnit.SECONDS), "the server saw the call cancelled");
    pipe.bridged().get(10, TimeUnit.SECONDS);
    assertTrue(transportsEnded.tryAcquire(1, 10, TimeUnit.SECONDS), "the server transport ended");
    assertEquals(0, bridge.openConnections());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> {
      try {
        call.join();
      } catch (java.util.concurrent.CompletionException wrapped) {
        throw wrapped.getCause();
      }
    });
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
  }

  @Test
  void serve_serverGoesAway_clientConnectionIsClosed() throws Exception {
    client().version(VersionRequest.newBuilder().setVersion("first").build());
    Accepted pipe = nextAccepted();
    server.shutdownNow();
    pipe.bridged().get(10, TimeUnit.SECONDS);
    assertTrue(pipe.connection().closed(), "the client's end was closed");
  }

  @Test
  void close_withConnectionsOpen_leavesNoThreadOrChannel() throws Exception {
    int clients = 4;
    for (int i = 0; i < clients; i++) {
      client().version(VersionRequest.newBuilder().setVersion("x").build());
    }
    assertTrue(bridgeThreads().size() >= 2 * clients, bridgeThreads().toString());
    bridge.close();
    assertEquals(List.of(), bridgeThreads());
    for (Accepted each : accepted) {
      assertTrue(each.bridged().isDone());
      assertTrue(each.connection().closed());
    }
    assertTrue(transportsEnded.tryAcquire(clients, 10, TimeUnit.SECONDS), "every server transport ended");
    assertEquals(0, transports.get());
    assertEquals(0, bridge.openConnections());
  }

  @Test
  void serve_afterClose_isRefusedAndClosesTheConnection() throws Exception {
    bridge.close();
    SocketConnection connection;
    try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), other.getLocalPort())) {
      connection = new SocketConnection(other.accept());
      assertThrows(IllegalStateException.class, () -> bridge.serve(connection));
      assertTrue(connection.closed());
    }
  }

  private static List<String> bridgeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.matches("coracle-pipe-\\d+-(read|write)"))
        .sorted()
        .toList();
  }

  /** Answers Version with the request's version, and reversed; "hold" never answers. */
  private static final class TestRuntime extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    static final String HOLD = "hold";
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> responses) {
      if (request.getVersion().equals(HOLD)) {
        ((ServerCallStreamObserver<VersionResponse>) responses).setOnCancelHandler(cancelled::countDown);
        held.countDown();
        return;
      }
      responses.onNext(VersionResponse.newBuilder()
          .setVersion(request.getVersion())
          .setRuntimeName("bridged")
          .setRuntimeVersion(new StringBuilder(request.getVersion()).reverse().toString())
          .build());
      responses.onCompleted();
    }
  }

  /** A TCP connection as a pipe client's byte stream. */
  private static final class SocketConnection implements PipeConnection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SocketConnection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return in.read(buffer, offset, length);
      } catch (SocketException e) {
        return -1; // closed under the read, as ERROR_BROKEN_PIPE or a cancelled read
      }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      out.write(buffer, offset, length);
      out.flush();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    /** The client is gone at once, without a goodbye: a reset, not a close. */
    void vanish() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    boolean closed() {
      return socket.isClosed();
    }
  }
}

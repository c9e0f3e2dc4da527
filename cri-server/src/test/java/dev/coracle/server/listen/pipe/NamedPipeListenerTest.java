package dev.coracle.server.listen.pipe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.server.listen.SocketInUseException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The accept loop of WINDOWS.md §10 against a recording fake of the Win32 calls. */
class NamedPipeListenerTest {

  private static final PipeEndpoint PIPE = PipeEndpoint.parse("npipe:////./pipe/coracle-test");

  private final FakePipeApi api = new FakePipeApi();
  private final BlockingQueue<PipeConnection> served = new LinkedBlockingQueue<>();
  private final List<PipeConnection> all = new CopyOnWriteArrayList<>();
  private NamedPipeListener listener;

  /** Logs "serve hN" and keeps the connection, as the bridge would. */
  private void serve(PipeConnection connection) {
    api.record("serve h" + api.id(((PipeHandleConnection) connection).handle()));
    all.add(connection);
    served.add(connection);
  }

  private NamedPipeListener open() {
    return NamedPipeListener.open(api, PIPE, this::serve);
  }

  private PipeConnection nextServed() throws InterruptedException {
    PipeConnection connection = served.poll(10, TimeUnit.SECONDS);
    if (connection == null) {
      throw new AssertionError("no client served; log " + api.log);
    }
    return connection;
  }

  @AfterEach
  void closeAll() {
    all.forEach(PipeConnection::close);
    if (listener != null) {
      listener.close();
    }
    assertEquals(List.of(), api.errors);
  }

  @Test
  void open_firstInstance_exactFlagsAndSecurity() {
    listener = open();
    assertEquals(List.of("D:P(A;;GA;;;BA)(A;;GA;;;SY)"), api.sddls);
    assertEquals(List.of(1), api.sddlRevisions);
    FakePipeApi.Create first = api.creates.get(0);
    assertEquals("\\\\.\\pipe\\coracle-test", first.name());
    // PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE
    assertEquals(0x3 | 0x40000000 | 0x80000, first.openMode());
    // byte type, byte read mode, blocking, PIPE_REJECT_REMOTE_CLIENTS
    assertEquals(0x8, first.pipeMode());
    assertEquals(255, first.maxInstances());
    assertTrue(first.attributesSized(), "SECURITY_ATTRIBUTES.nLength is its size");
    assertEquals("sd s" + first.securityDescriptor(), api.log.get(0), "the converted descriptor is passed");
  }

  @Test
  void accept_nextInstance_hasNoFirstFlagAndTheSameDescriptor() throws Exception {
    listener = open();
    listener.start();
    api.instance(0).clientConnects();
    nextServed();
    FakePipeApi.Create second = api.creates.get(1);
    assertEquals(0x3 | 0x40000000, second.openMode());
    assertEquals(0x8, second.pipeMode());
    assertEquals(255, second.maxInstances());
    assertEquals(api.creates.get(0).securityDescriptor(), second.securityDescriptor());
    assertTrue(second.attributesSized());
  }

  @Test
  void accept_createsTheNextInstanceBeforeServing() throws Exception {
    listener = open();
    listener.start();
    FakePipeApi.Instance first = api.instance(0);
    api.awaitLog("connect h" + first.handle);
    first.clientConnects();
    nextServed();
    FakePipeApi.Instance second = api.instance(1);
    api.awaitLog("connect h" + second.handle);
    second.clientConnects();
    nextServed();
    List<String> log = api.log.stream().filter(line -> !line.startsWith("sd")).toList();
    assertEquals(List.of(
        "create h" + first.handle + " first", "connect h" + first.handle,
        "create h" + second.handle, "serve h" + first.handle, "connect h" + second.handle), log.subList(0, 5));
    assertEquals("serve h" + second.handle, log.get(6));
    assertTrue(log.get(5).startsWith("create h"), log.toString());
  }

  @Test
  void accept_clientBeforeConnectNamedPipe_countsAsConnected() throws Exception {
    listener = open();
    FakePipeApi.Instance first = api.instance(0);
    first.clientConnects(); // ConnectNamedPipe will say ERROR_PIPE_CONNECTED
    listener.start();
    PipeConnection connection = nextServed();
    assertEquals(first.handle, api.id(((PipeHandleConnection) connection).handle()));
  }

  @Test
  void accept_clientGoneBeforeConnect_instanceIsReplacedAndTheNextClientServed() throws Exception {
    listener = open();
    FakePipeApi.Instance first = api.instance(0);
    first.clientComesAndGoes();
    listener.start();
    FakePipeApi.Instance second = api.instance(1);
    api.awaitLog("connect h" + second.handle);
    assertTrue(api.log.indexOf("close h" + first.handle) < api.log.indexOf("create h" + second.handle), api.log.toString());
    assertEquals(0x3 | 0x40000000, api.creates.get(1).openMode(), "a later instance, not a first one");
    second.clientConnects();
    assertEquals(second.handle, api.id(((PipeHandleConnection) nextServed()).handle()));
  }

  @Test
  void connection_bytesBothWays_andBrokenPipeIsTheEnd() throws Exception {
    listener = open();
    listener.start();
    FakePipeApi.Instance client = api.instance(0);
    client.clientConnects();
    PipeConnection connection = nextServed();
    client.clientSends("PRI * HTTP/2.0".getBytes(UTF_8));
    byte[] buffer = new byte[64];
    int count = connection.read(buffer, 0, buffer.length);
    assertEquals("PRI * HTTP/2.0", new String(buffer, 0, count, UTF_8));
    connection.write("SETTINGS".getBytes(UTF_8), 0, 8);
    assertArrayEquals("SETTINGS".getBytes(UTF_8), client.clientReceived());
    client.clientHangsUp();
    assertEquals(-1, connection.read(buffer, 0, buffer.length));
  }

  @Test
  void connection_readWaitingForTheClient_endsOnHangUp() throws Exception {
    listener = open();
    listener.start();
    FakePipeApi.Instance client = api.instance(0);
    client.clientConnects();
    PipeConnection connection = nextServed();
    CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> readQuietly(connection));
    client.awaitReadPending();
    client.clientHangsUp();
    assertEquals(-1, read.get(10, TimeUnit.SECONDS));
  }

  @Test
  void connection_writeAfterClientLeft_fails() throws Exception {
    listener = open();
    listener.start();
    FakePipeApi.Instance client = api.instance(0);
    client.clientConnects();
    PipeConnection connection = nextServed();
    client.clientHangsUp();
    assertThrows(java.io.IOException.class, () -> connection.write(new byte[] {1}, 0, 1));
  }

  @Test
  void connection_closeDuringARead_cancelsItAndThenReleasesTheHandles() throws Exception {
    listener = open();
    listener.start();
    FakePipeApi.Instance client = api.instance(0);
    client.clientConnects();
    PipeConnection connection = nextServed();
    CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> readQuietly(connection));
    client.awaitReadPending();
    connection.close();
    assertEquals(-1, read.get(10, TimeUnit.SECONDS));
    List<String> log = api.log;
    int cancel = log.indexOf("cancel h" + client.handle);
    assertTrue(cancel >= 0 && cancel < log.indexOf("disconnect h" + client.handle), log.toString());
    assertTrue(log.indexOf("disconnect h" + client.handle) < log.indexOf("close h" + client.handle), log.toString());
    assertTrue(api.openHandles().stream().noneMatch(h -> h.equals("pipe h" + client.handle)), api.openHandles().toString());
  }

  @Test
  void open_secondListenerOnTheSamePipe_isRefusedAndLeavesNothingOpen() throws Exception {
    listener = open();
    var before = api.openHandles();
    SocketInUseException e = assertThrows(SocketInUseException.class, this::open);
    assertTrue(e.getMessage().contains("\\\\.\\pipe\\coracle-test is in use"), e.getMessage());
    assertEquals(before, api.openHandles(), "the refused one freed its descriptor and event");
    listener.start();
    api.instance(0).clientConnects();
    nextServed(); // the first still serves
  }

  @Test
  void close_afterServing_leavesNoHandleOrDescriptor() throws Exception {
    listener = open();
    listener.start();
    for (int i = 0; i < 3; i++) {
      api.instance(i).clientConnects();
      nextServed();
    }
    FakePipeApi.Instance waiting = api.instance(3);
    api.awaitLog("connect h" + waiting.handle);
    all.forEach(PipeConnection::close);
    listener.close();
    assertEquals(java.util.Set.of(), api.openHandles());
    assertTrue(api.log.contains("cancel h" + waiting.handle), "the waiting instance's ConnectNamedPipe was cancelled");
    assertTrue(api.log.getLast().startsWith("free s"), "the descriptor is freed last: " + api.log);
  }

  @Test
  void close_neverStarted_closesTheFirstInstance() {
    listener = open();
    listener.close();
    assertEquals(java.util.Set.of(), api.openHandles());
  }

  @Test
  void start_afterClose_isRefused() {
    listener = open();
    listener.close();
    assertThrows(IllegalStateException.class, listener::start);
  }

  private static int readQuietly(PipeConnection connection) {
    try {
      return connection.read(new byte[16], 0, 16);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package dev.coracle.server.listen.pipe;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coracle.cri.v1.RuntimeServiceGrpc;
import io.grpc.Server;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pieces together: a pipe client, through the listener and the bridge, meets gRPC's HTTP/2. */
class NamedPipeServerTest {

  /** The HTTP/2 client preface, then an empty SETTINGS frame (RFC 9113 §3.4). */
  private static final byte[] CLIENT_PREFACE;

  static {
    byte[] magic = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(US_ASCII);
    CLIENT_PREFACE = new byte[magic.length + 9];
    System.arraycopy(magic, 0, CLIENT_PREFACE, 0, magic.length);
    CLIENT_PREFACE[magic.length + 3] = 0x4; // length 0, type SETTINGS, flags 0, stream 0
  }

  @Test
  void claim_pipeClientReachesTheGrpcServer_andCloseReleasesEverything() throws Exception {
    FakePipeApi api = new FakePipeApi();
    NamedPipeServer pipe = NamedPipeServer.claim(api, PipeEndpoint.parse("npipe://./pipe/coracle-server-test"));
    Server server = pipe.serverBuilder().addService(new RuntimeServiceGrpc.RuntimeServiceImplBase() {}).build().start();
    pipe.serving();
    FakePipeApi.Instance client = api.instance(0);
    client.clientConnects();
    client.clientSends(CLIENT_PREFACE);
    byte[] received = client.awaitReceived(9);
    assertEquals(0x4, received[3], "the server's first frame is its SETTINGS");
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    pipe.close();
    assertEquals(Set.of(), api.openHandles());
    assertEquals(List.of(), api.errors);
  }
}

package dev.coracle.server.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketClaimTest {

  @TempDir
  Path dir;

  /** Leaves a socket file behind with nobody listening, as a killed daemon does. */
  private static void staleSocket(Path path) throws Exception {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    server.close();
  }

  @Test
  void claim_createsMissingDirectoriesPrivately() throws Exception {
    Path socket = dir.resolve("a/b/coracle.sock");
    try (SocketClaim claim = SocketClaim.claim(socket)) {
      assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))));
      assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a"))));
    }
  }

  @Test
  void claim_staleSocket_isReplaced() throws Exception {
    Path socket = dir.resolve("coracle.sock");
    staleSocket(socket);
    assertTrue(Files.exists(socket));
    try (SocketClaim claim = SocketClaim.claim(socket)) {
      assertFalse(Files.exists(socket), "stale socket removed so the server can bind");
    }
  }

  @Test
  void claim_whileAnotherClaimHolds_isRefused() {
    Path socket = dir.resolve("coracle.sock");
    try (SocketClaim first = SocketClaim.claim(socket)) {
      SocketInUseException e = assertThrows(SocketInUseException.class, () -> SocketClaim.claim(socket));
      assertTrue(e.getMessage().contains("another coracle daemon"), e.getMessage());
    }
    SocketClaim.claim(socket).close();
  }

  @Test
  void claim_socketServedByAnotherProgram_isRefused() throws Exception {
    Path socket = dir.resolve("coracle.sock");
    try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      other.bind(UnixDomainSocketAddress.of(socket));
      SocketInUseException e = assertThrows(SocketInUseException.class, () -> SocketClaim.claim(socket));
      assertTrue(e.getMessage().contains("served by another program"), e.getMessage());
      assertTrue(Files.exists(socket), "the other program's socket is left alone");
    }
  }

  @Test
  void claim_regularFileAtThePath_isRefusedAndKept() throws Exception {
    Path socket = dir.resolve("coracle.sock");
    Files.writeString(socket, "precious");
    assertThrows(SocketInUseException.class, () -> SocketClaim.claim(socket));
    assertEquals("precious", Files.readString(socket));
  }

  @Test
  void close_removesTheSocketAndFreesThePath() throws Exception {
    Path socket = dir.resolve("coracle.sock");
    SocketClaim claim = SocketClaim.claim(socket);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      claim.restrictSocketPermissions();
      assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }
    claim.close();
    assertFalse(Files.exists(socket));
    SocketClaim.claim(socket).close();
  }
}

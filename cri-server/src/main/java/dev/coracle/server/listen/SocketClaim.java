package dev.coracle.server.listen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The right to serve one socket path. A lock file beside the socket, held for the daemon's
 * life and released by the kernel if it dies, tells a second daemon that the path is taken;
 * a socket file nobody holds the lock for and nobody answers on is stale and replaced.
 */
public final class SocketClaim implements AutoCloseable {

  private final Path socket;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private SocketClaim(Path socket, FileChannel lockChannel, FileLock lock) {
    this.socket = socket;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Claims {@code socket}: creates missing parent directories (mode 0711, so clients can reach
   * the socket but not list the directory), takes the lock, and removes a stale socket file.
   *
   * @throws SocketInUseException if another daemon or another program serves the path
   */
  public static SocketClaim claim(Path socket) {
    try {
      createPrivateDirectories(socket.toAbsolutePath().getParent());
      Path lockFile = socket.resolveSibling(socket.getFileName() + ".lock");
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very process
      }
      if (lock == null) {
        channel.close();
        throw new SocketInUseException("another coracle daemon is serving " + socket
            + " (it holds " + lockFile + ")");
      }
      try {
        removeStaleSocket(socket);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      } catch (RuntimeException | IOException e) {
        lock.release();
        channel.close();
        throw e;
      }
      return new SocketClaim(socket, channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot claim " + socket + ": " + e.getMessage(), e);
    }
  }

  private static void removeStaleSocket(Path socket) throws IOException {
    if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!isSocket(socket)) {
      throw new SocketInUseException(socket + " exists and is not a socket; refusing to replace it");
    }
    if (answers(socket)) {
      throw new SocketInUseException(socket + " is served by another program");
    }
    Files.delete(socket);
  }

  private static boolean isSocket(Path path) throws IOException {
    // "unix:mode" carries the S_IFMT bits; 0140000 is a socket.
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & 0170000) == 0140000;
  }

  private static boolean answers(Path socket) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return probe.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      return false;
    }
  }

  private static void createPrivateDirectories(Path dir) throws IOException {
    if (dir == null || Files.isDirectory(dir)) {
      return;
    }
    createPrivateDirectories(dir.getParent());
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
  }

  /** Called once the server is bound: only root and the socket's group may connect. */
  public void restrictSocketPermissions() {
    try {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the permissions of " + socket, e);
    }
  }

  public Path socket() {
    return socket;
  }

  /** Removes the socket and lets the path go. */
  @Override
  public void close() {
    try {
      // The lock file stays: deleting it would let a second daemon lock a fresh file while a
      // third still waits on the old inode.
      Files.deleteIfExists(socket);
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + socket, e);
    }
  }
}

package dev.coracle.core.monitor;

import dev.coracle.core.sys.LinuxSyscalls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands conmon its sync pipe (and, for a container, its start pipe) as named FIFOs.
 *
 * <p>conmon finds the pipes as inherited file descriptors named by {@code _OCI_SYNCPIPE} and
 * {@code _OCI_STARTPIPE}; a JVM child inherits only fds 0 to 2. So conmon is started through
 * {@code /bin/sh}, which opens the FIFOs as fds 3 and 4, says "ready" on its stdout, points
 * stdout at /dev/null and execs conmon in its own place (the PID this JVM sees is conmon's).
 *
 * <p>Why not the child's stdout pipe as the sync pipe: conmon forks and its first process
 * exits before the messages come, and when a child exits the JDK drains and closes that
 * child's stdout pipe, so later messages would be lost.
 *
 * <p>The sync FIFO is held open for writing here until the shell has opened it too, so
 * opening it never blocks; from then on only conmon holds it, and its end-of-file means every
 * conmon process is gone.
 */
final class ConmonPipes implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConmonPipes.class);
  private static final String READY = "ready";

  private final Path dir;
  private final boolean withStart;
  private final FileChannel syncKeeper;
  private final FileChannel syncReader;
  private final FileChannel startWriter;

  private ConmonPipes(Path dir, boolean withStart, FileChannel syncKeeper, FileChannel syncReader,
      FileChannel startWriter) {
    this.dir = dir;
    this.withStart = withStart;
    this.syncKeeper = syncKeeper;
    this.syncReader = syncReader;
    this.startWriter = startWriter;
  }

  /**
   * Makes the FIFOs in {@code dir}, a private directory that {@link #close} leaves empty.
   *
   * @param withStart true to hand over the start pipe too: conmon then waits for a byte on it
   *     before doing anything, so the caller can move it into a cgroup first
   */
  static ConmonPipes open(Path dir, boolean withStart) throws IOException {
    LinuxSyscalls syscalls = LinuxSyscalls.get();
    syscalls.mknod(dir.resolve("sync"), LinuxSyscalls.S_IFIFO | 0600, 0, 0);
    if (withStart) {
      syscalls.mknod(dir.resolve("start"), LinuxSyscalls.S_IFIFO | 0600, 0, 0);
    }
    // Read-write opens of a FIFO never block on Linux; the read-only one then finds a writer.
    FileChannel keeper = FileChannel.open(dir.resolve("sync"), StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileChannel reader = FileChannel.open(dir.resolve("sync"), StandardOpenOption.READ);
    FileChannel start = withStart
        ? FileChannel.open(dir.resolve("start"), StandardOpenOption.READ, StandardOpenOption.WRITE)
        : null;
    return new ConmonPipes(dir, withStart, keeper, reader, start);
  }

  /** The command that starts {@code conmonCommand} with the FIFOs as fds 3 (and 4). */
  List<String> command(List<String> conmonCommand) {
    String opens = withStart ? "exec 3>\"$0\" 4<\"$1\" </dev/null && shift" : "exec 3>\"$0\" </dev/null";
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
        opens + " && echo " + READY + " && exec >/dev/null && exec \"$@\"", dir.resolve("sync").toString()));
    if (withStart) {
      command.add(dir.resolve("start").toString());
    }
    command.addAll(conmonCommand);
    return command;
  }

  Map<String, String> environment() {
    return withStart ? Map.of("_OCI_SYNCPIPE", "3", "_OCI_STARTPIPE", "4") : Map.of("_OCI_SYNCPIPE", "3");
  }

  /**
   * Waits for the shell to hold the FIFOs, then lets go of this side's write end of the sync
   * FIFO, so that its end-of-file comes when conmon is gone.
   *
   * @throws IOException when the shell failed (its stderr says why: read it from the process)
   */
  void awaitChild(Process process, Duration wait) throws IOException, InterruptedException, TimeoutException {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> firstLine(process),
        task -> Thread.ofPlatform().daemon().name("conmon-handover").start(task));
    try {
      if (!READY.equals(line.get(wait.toMillis(), TimeUnit.MILLISECONDS))) {
        throw new IOException("the shell starting conmon failed");
      }
    } catch (ExecutionException e) {
      throw new IOException("cannot read the shell starting conmon: " + e.getCause(), e.getCause());
    } finally {
      syncKeeper.close();
    }
  }

  /** Lets conmon go on past its start pipe. */
  void release() throws IOException {
    startWriter.write(ByteBuffer.wrap(new byte[] {0}));
    startWriter.close();
  }

  /** Starts reading conmon's messages. */
  SyncPipe sync(String name) {
    return SyncPipe.read(Channels.newInputStream(syncReader), name);
  }

  /**
   * Closes this side of both FIFOs and removes them; conmon keeps its own ends. Never fails:
   * a container may already be running, and a stray FIFO in a private directory is harmless.
   */
  @Override
  public void close() {
    for (AutoCloseable resource : new AutoCloseable[] {syncKeeper, syncReader, startWriter}) {
      try {
        if (resource != null) {
          resource.close();
        }
      } catch (Exception e) {
        log.warn("cannot close a conmon pipe: {}", e.toString());
      }
    }
    try {
      Files.deleteIfExists(dir.resolve("sync"));
      Files.deleteIfExists(dir.resolve("start"));
    } catch (IOException e) {
      log.warn("cannot remove conmon's FIFOs in {}: {}", dir, e.toString());
    }
  }

  private static String firstLine(Process process) {
    try {
      return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    } catch (IOException e) {
      return null;
    }
  }
}

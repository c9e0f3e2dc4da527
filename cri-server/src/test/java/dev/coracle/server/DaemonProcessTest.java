package dev.coracle.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.VersionRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as an operating-system process: signals, exit codes, the socket file. */
class DaemonProcessTest {

  @TempDir
  Path dir;

  private final List<Process> started = new ArrayList<>();

  private Process launch(String... args) throws IOException {
    Path config = dir.resolve("config.toml");
    if (!Files.exists(config)) {
      Files.writeString(config, """
          root_dir = "%s"
          state_dir = "%s"
          [metrics]
          enabled = false
          """.formatted(dir.resolve("root"), dir.resolve("state")));
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    if (!List.of(args).contains("--config")) {
      command.addAll(List.of("--config", config.toString()));
    }
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("out-" + started.size() + ".log").toFile())
        .start();
    started.add(process);
    return process;
  }

  private String output(int index) throws IOException {
    return Files.readString(dir.resolve("out-" + index + ".log"));
  }

  private static void awaitVersion(Path socket) throws InterruptedException {
    ManagedChannel channel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
    try {
      for (int i = 0; i < 300; i++) {
        try {
          RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
              .version(VersionRequest.getDefaultInstance());
          return;
        } catch (RuntimeException e) {
          Thread.sleep(100);
        }
      }
      throw new AssertionError("no answer on " + socket);
    } finally {
      channel.shutdownNow();
    }
  }

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void sigterm_exitsZeroAndRemovesTheSocket() throws Exception {
    Path socket = dir.resolve("run/coracle.sock");
    Process daemon = launch("--listen", socket.toString());
    awaitVersion(socket);
    daemon.destroy(); // SIGTERM
    assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, daemon.exitValue(), output(0));
    assertFalse(Files.exists(socket), "socket removed on SIGTERM");
  }

  @Test
  void secondDaemonOnTheSameSocket_isRefusedWithExitCode3() throws Exception {
    Path socket = dir.resolve("coracle.sock");
    Process first = launch("--listen", socket.toString());
    awaitVersion(socket);
    Process second = launch("--listen", socket.toString());
    assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    assertEquals(Main.EXIT_SOCKET_IN_USE, second.exitValue());
    assertTrue(output(1).contains("another coracle daemon is serving " + socket), output(1));
    awaitVersion(socket); // the first one is untouched
    first.destroy();
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
  }

  @Test
  void killedDaemonsSocket_isReplacedOnTheNextStart() throws Exception {
    Path socket = dir.resolve("coracle.sock");
    Process first = launch("--listen", socket.toString());
    awaitVersion(socket);
    first.destroyForcibly(); // SIGKILL leaves the socket file behind
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    assertTrue(Files.exists(socket), "a killed daemon leaves its socket");
    Process second = launch("--listen", socket.toString());
    awaitVersion(socket);
    second.destroy();
    assertTrue(second.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, second.exitValue(), output(1));
  }

  @Test
  void badConfig_exitsWithUsageCodeNamingTheKey() throws Exception {
    Path config = dir.resolve("bad.toml");
    Files.writeString(config, "listen_address = \"/x\"\n");
    Process daemon = launch("--config", config.toString());
    assertTrue(daemon.waitFor(60, TimeUnit.SECONDS));
    assertEquals(Main.EXIT_USAGE, daemon.exitValue());
    assertTrue(output(0).contains("unknown key listen_address"), output(0));
  }
}

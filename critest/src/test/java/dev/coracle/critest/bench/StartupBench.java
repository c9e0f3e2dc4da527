package dev.coracle.critest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.VersionRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Time from starting a runtime's process to its first answered {@code Version}: what kubelet
 * waits for after a restart. Runs Coracle through its launcher and, when installed, containerd
 * with its CRI plugin, the same number of times each ({@code -Dbench.startup.runs}, default 10).
 */
class StartupBench {

  private static final int RUNS = Integer.getInteger("bench.startup.runs", 10);

  @Test
  void coracle() throws Exception {
    String launcher = System.getProperty("coracle.launcher");
    measure("startup to first Version: coracle", dir -> {
      Files.writeString(dir.resolve("config.toml"), """
          root_dir = "%s"
          state_dir = "%s"
          log_level = "warn"
          [metrics]
          address = "127.0.0.1:0"
          """.formatted(dir.resolve("root"), dir.resolve("state")));
      return new Launch(List.of(launcher, "--config", dir.resolve("config.toml").toString(),
          "--listen", dir.resolve("cri.sock").toString()), dir.resolve("cri.sock"));
    });
  }

  @Test
  void containerd() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "containerd is not installed");
    String script = Path.of(System.getProperty("coracle.launcher")).getParent().getParent()
        .resolve("critest/peers/containerd.sh").toString();
    measure("startup to first Version: containerd", dir -> {
      Process prepare = new ProcessBuilder(script, "prepare", dir.toString()).inheritIO().start();
      assertEquals(0, prepare.waitFor());
      return new Launch(List.of("containerd", "--config", dir.resolve("config.toml").toString()),
          dir.resolve("containerd.sock"));
    });
  }

  private record Launch(List<String> command, Path socket) {}

  private interface Setup {
    Launch prepare(Path dir) throws Exception;
  }

  private void measure(String name, Setup setup) throws Exception {
    List<Long> samples = new ArrayList<>();
    for (int run = -1; run < RUNS; run++) { // run -1 warms this JVM's client code and the page cache
      Path dir = Files.createTempDirectory("critest-startup-");
      try {
        Launch launch = setup.prepare(dir);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(launch.command())
            .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        try {
          awaitVersion(launch.socket(), process);
          long elapsed = System.nanoTime() - start;
          if (run >= 0) {
            samples.add(elapsed);
          }
        } finally {
          process.destroy();
          if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
          }
        }
      } finally {
        try (var paths = Files.walk(dir)) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    BenchReport.line(Percentiles.ofNanos(samples).row(name));
  }

  private static void awaitVersion(Path socket, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!connectable(socket)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("no socket at " + socket);
      }
      Thread.sleep(1);
    }
    ManagedChannel channel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
    try {
      RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).withWaitForReady()
          .version(VersionRequest.getDefaultInstance());
    } finally {
      channel.shutdownNow();
    }
  }

  private static boolean connectable(Path socket) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return probe.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      return false;
    }
  }
}

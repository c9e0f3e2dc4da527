package dev.coracle.server;

import dev.coracle.cri.v1.RuntimeConfigRequest;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.VersionRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import dev.coracle.core.sys.FileTrees;
import dev.coracle.server.config.ConfigLoader;
import dev.coracle.server.config.CoracleConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The workload recorded into the JDK's ahead-of-time cache at build time ({@code coracle
 * train}): the calls a daemon answers first, so their classes are loaded and linked before the
 * process starts.
 */
final class AotTraining {

  private AotTraining() {}

  /** Starts a daemon in a temporary directory, makes the first calls a kubelet makes, and stops it. */
  static int run(PrintStream err) {
    Path dir;
    try {
      dir = Files.createTempDirectory("coracle-train-");
    } catch (IOException e) {
      err.println("coracle: training: " + e.getMessage());
      return Main.EXIT_FAILED;
    }
    Logging.configure("warn");
    CoracleConfig config = ConfigLoader.parse("""
        root_dir = "%s"
        state_dir = "%s"
        [metrics]
        address = "127.0.0.1:0"
        """.formatted(dir.resolve("root"), dir.resolve("state")), "training");
    try (Daemon daemon = Daemon.start(config)) {
      exercise(daemon.socket());
      daemon.metricsPort();
    } finally {
      try {
        FileTrees.delete(dir);
      } catch (IOException e) {
        err.println("coracle: training: cannot remove " + dir + ": " + e.getMessage());
      }
    }
    return Main.EXIT_OK;
  }

  private static void exercise(Path socket) {
    ManagedChannel channel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
    try {
      RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime = RuntimeServiceGrpc.newBlockingStub(channel);
      for (int i = 0; i < 50; i++) {
        runtime.version(VersionRequest.getDefaultInstance());
        runtime.status(StatusRequest.newBuilder().setVerbose(i % 10 == 0).build());
        runtime.runtimeConfig(RuntimeConfigRequest.getDefaultInstance());
      }
    } finally {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

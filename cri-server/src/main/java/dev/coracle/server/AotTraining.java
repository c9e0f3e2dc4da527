package dev.coracle.server;

import dev.coracle.cri.v1.RuntimeConfigRequest;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.VersionRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The workload recorded into the JDK's ahead-of-time cache at build time ({@code coracle
 * train}): the calls a daemon answers first, so their classes are loaded and linked before the
 * process starts.
 */
final class AotTraining {

  private AotTraining() {}

  static void exercise(Path socket) {
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

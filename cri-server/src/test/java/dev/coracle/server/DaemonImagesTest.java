package dev.coracle.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.cri.v1.ImageServiceGrpc;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.ImageStatusRequest;
import dev.coracle.cri.v1.PullImageRequest;
import dev.coracle.server.config.ConfigLoader;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's image path end to end: configuration, pull through a mirror, status, metrics. */
class DaemonImagesTest {

  private static TestRegistry registry;
  private static PushedImage busybox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.start(TestRegistry.Auth.NONE);
    // Docker Hub's name for busybox, so the registry can stand in as its mirror.
    busybox = new TestImages(registry).busybox("library/busybox", "1.36");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void dockerHubImage_comesFromTheConfiguredMirror_withStatusAndMetrics() throws Exception {
    var config = ConfigLoader.parse("""
        root_dir = "%s"
        state_dir = "%s"
        [metrics]
        address = "127.0.0.1:0"
        [registries."docker.io"]
        mirrors = ["http://%s"]
        """.formatted(dir.resolve("root"), dir.resolve("state"), registry.host()), "test");
    try (Daemon daemon = Daemon.start(config, List.of())) {
      ManagedChannel channel = Grpc.newChannelBuilder("unix://" + daemon.socket(), InsecureChannelCredentials.create())
          .build();
      try {
        ImageServiceGrpc.ImageServiceBlockingStub images = ImageServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(60, TimeUnit.SECONDS);
        String ref = images.pullImage(PullImageRequest.newBuilder()
            .setImage(ImageSpec.newBuilder().setImage("busybox:1.36").setRuntimeHandler("runc")).build()).getImageRef();
        assertEquals(busybox.configDigest().toString(), ref);

        var status = images.imageStatus(ImageStatusRequest.newBuilder()
            .setImage(ImageSpec.newBuilder().setImage("docker.io/library/busybox:1.36")).setVerbose(true).build());
        assertEquals(ref, status.getImage().getId());
        assertEquals(List.of("docker.io/library/busybox:1.36"), status.getImage().getRepoTagsList());
        assertTrue(status.getInfoOrThrow("info").contains("\"Cmd\":[\"sh\"]"), status.getInfoOrThrow("info"));

        String metrics = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.metricsPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("coracle_image_pull_duration_seconds_count{outcome=\"success\"} 1"), metrics);
        long bytes = metrics.lines().filter(l -> l.startsWith("coracle_image_pull_bytes_total "))
            .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(0);
        assertTrue(bytes >= busybox.compressedSize(), metrics);
      } finally {
        channel.shutdownNow();
      }
    }
  }
}

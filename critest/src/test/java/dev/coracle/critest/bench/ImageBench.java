package dev.coracle.critest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.ListImagesRequest;
import dev.coracle.cri.v1.PullImageRequest;
import dev.coracle.cri.v1.RemoveImageRequest;
import dev.coracle.critest.CriEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Image pipeline speed against the endpoint under test (coracle by default, any other with
 * {@code -Dcri.endpoint}): pull-and-unpack of a large image of many files from a local
 * registry, cold and already present, with skopeo's copy of the same image as the floor; and
 * ListImages with 100 images.
 */
class ImageBench {

  private static final long LARGE_BYTES = Long.getLong("bench.image.bytes", 200L << 20);
  private static final int LARGE_FILES = Integer.getInteger("bench.image.files", 4000);
  private static final int COLD_RUNS = Integer.getInteger("bench.image.coldRuns", 3);

  private static TestRegistry registry;
  private static TestImages images;
  private final CriEndpoint cri = CriEndpoint.get();

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.start(TestRegistry.Auth.NONE);
    images = new TestImages(registry);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private String pull(String name) {
    return cri.images().withDeadlineAfter(30, TimeUnit.MINUTES)
        .pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(name)).build())
        .getImageRef();
  }

  private void remove(String name) {
    cri.images().removeImage(RemoveImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(name)).build());
  }

  @Test
  void pullLargeImage() throws Exception {
    PushedImage large = images.large("bench/large", "1", LARGE_BYTES, LARGE_FILES);
    String name = cri.version().getRuntimeName();
    List<Long> cold = new ArrayList<>();
    for (int i = 0; i < COLD_RUNS; i++) {
      long start = System.nanoTime();
      String ref = pull(large.reference());
      cold.add(System.nanoTime() - start);
      assertEquals(large.configDigest().toString(), ref);
      remove(ref);
    }
    pull(large.reference());
    List<Long> present = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long start = System.nanoTime();
      pull(large.reference());
      present.add(System.nanoTime() - start);
    }
    remove(large.reference());
    String size = (large.compressedSize() >> 20) + " MiB/" + LARGE_FILES + " files";
    BenchReport.line(Percentiles.ofNanos(cold).row("pull " + size + " cold: " + name));
    BenchReport.line(Percentiles.ofNanos(present).row("pull " + size + " present: " + name));
    skopeoFloor(large, size);
  }

  private void skopeoFloor(PushedImage large, String size) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo is not installed");
    List<Long> copies = new ArrayList<>();
    for (int i = 0; i < COLD_RUNS; i++) {
      Path dir = Files.createTempDirectory("bench-skopeo-");
      try {
        long start = System.nanoTime();
        Process copy = new ProcessBuilder("skopeo", "copy", "--src-tls-verify=false",
            "docker://" + large.reference(), "oci:" + dir.resolve("layout") + ":x")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, copy.waitFor());
        copies.add(System.nanoTime() - start);
      } finally {
        try (var paths = Files.walk(dir)) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    BenchReport.line(Percentiles.ofNanos(copies).row("skopeo copy " + size + " (download only, floor)"));
  }

  @Test
  void listImagesWith100Images() {
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      refs.add(pull(images.tiny("bench/tiny-" + i, "1", "image " + i).reference()));
    }
    for (int i = 0; i < 20; i++) {
      cri.images().listImages(ListImagesRequest.getDefaultInstance()); // warm-up
    }
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long start = System.nanoTime();
      int count = cri.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesCount();
      samples.add(System.nanoTime() - start);
      assertEquals(true, count >= 100);
    }
    refs.forEach(this::remove);
    BenchReport.line(Percentiles.ofNanos(samples).row("ListImages with 100 images: " + cri.version().getRuntimeName()));
  }
}

package dev.coracle.critest;

import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.PullImageRequest;

/**
 * The image the pod and container specs run: busybox built from the host's busybox-static
 * (with {@code sh}, {@code id}, {@code hostname}, {@code dd}, ...), pushed once to the test
 * registry and pulled through CRI by each spec class before it starts.
 */
final class Busybox {

  private static PushedImage pushed;

  private Busybox() {}

  static synchronized PushedImage pushed() {
    if (pushed == null) {
      pushed = TestRegistryHolder.images().busybox("critest/busybox", "1.36");
    }
    return pushed;
  }

  /** Pulls the image through the runtime under test; returns its reference by tag. */
  static String pull(CriEndpoint cri) {
    String reference = pushed().reference();
    cri.images().pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(reference)).build());
    return reference;
  }
}

package dev.coracle.critest;

import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.WindowsTestImages;

/**
 * The Windows-shaped images of a run against a Windows node, pushed once to the test registry:
 * servercore of Server 2022 (the simulated host's build) and of Server 2019 (for the build
 * rule), each an index beside a linux/amd64 entry, and the pause image the node is given.
 */
final class WindowsImages {

  private static PushedImage ltsc2022;
  private static PushedImage ltsc2019;
  private static PushedImage pause;

  private WindowsImages() {}

  static synchronized PushedImage ltsc2022() {
    if (ltsc2022 == null) {
      ltsc2022 = images().servercore("critest/servercore", "ltsc2022", WindowsTestImages.LTSC2022);
    }
    return ltsc2022;
  }

  static synchronized PushedImage ltsc2019() {
    if (ltsc2019 == null) {
      ltsc2019 = images().servercore("critest/servercore", "ltsc2019", WindowsTestImages.LTSC2019);
    }
    return ltsc2019;
  }

  static synchronized PushedImage pause() {
    if (pause == null) {
      pause = images().pause("critest/pause", "ltsc2022", WindowsTestImages.LTSC2022);
    }
    return pause;
  }

  private static WindowsTestImages images() {
    return new WindowsTestImages(TestRegistryHolder.registry());
  }
}

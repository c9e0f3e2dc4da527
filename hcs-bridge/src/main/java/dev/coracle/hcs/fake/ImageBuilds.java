package dev.coracle.hcs.fake;

/**
 * The process-isolation rule of WINDOWS.md §5 as the fake host applies it, written apart from
 * the backend's own so that the fake checks that code instead of echoing it: hosts before
 * Server 2022 run their own build only; newer hosts run {@code floor <= image <= host}, where
 * floor is the largest LTSC build in {20348, 26100} strictly below the host, 20348 if none.
 * Major and minor are 10.0 on every build the fake knows.
 */
final class ImageBuilds {

  private ImageBuilds() {
  }

  static boolean compatible(int hostBuild, int imageBuild) {
    if (hostBuild < 20348) {
      return imageBuild == hostBuild;
    }
    int floor = hostBuild > 26100 ? 26100 : 20348;
    return floor <= imageBuild && imageBuild <= hostBuild;
  }
}

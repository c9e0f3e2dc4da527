package dev.coracle.hcs.osversion;

import java.util.List;

/**
 * Which image OS builds a Windows host can run, and with which isolation: the rule of
 * WINDOWS.md §5 (hcsshim {@code osversion.CheckHostAndContainerCompat}), applied at pull time
 * to choose an index entry and at create time to refuse with a message a user can act on.
 */
public final class BuildCompatibility {

  /** containerd's runtime handler for Hyper-V isolation, named in refusals (WINDOWS.md §5). */
  public static final String HYPERV_HANDLER = "runhcs-wcow-hypervisor";

  /**
   * The LTSC releases a newer host stays compatible from, oldest first. A host runs images
   * from the largest of these strictly below its own build up to its own build.
   */
  private static final List<Integer> COMPAT_LTSC = List.of(WindowsBuilds.SERVER_2022, WindowsBuilds.SERVER_2025);

  /** The answer of {@link #check}: allowed, or a refusal naming both builds and what would work. */
  public record Verdict(boolean allowed, String message) {

    static Verdict allow() {
      return new Verdict(true, "");
    }

    static Verdict refuse(String message) {
      return new Verdict(false, message);
    }
  }

  private BuildCompatibility() {}

  /**
   * Whether a process-isolated container of {@code image} runs on {@code host}: major.minor
   * equal; a host before Server 2022 needs the very same build (Server 2016 also the same
   * revision); from Server 2022 on, {@code floor <= image <= host}, floor being the largest
   * LTSC in {20348, 26100} strictly below the host build, 20348 if none. Above 26100 this
   * follows hcsshim (floor 26100), not containerd's vendored platforms (floor 20348).
   */
  public static boolean processIsolation(OsVersion host, OsVersion image) {
    if (host.major() != image.major() || host.minor() != image.minor()) {
      return false;
    }
    if (host.build() < WindowsBuilds.SERVER_2022) {
      boolean sameRevision = host.build() != WindowsBuilds.SERVER_2016 || host.revision() == image.revision();
      return host.build() == image.build() && sameRevision;
    }
    return floor(host.build()) <= image.build() && image.build() <= host.build();
  }

  private static int floor(int hostBuild) {
    int floor = WindowsBuilds.SERVER_2022;
    for (int ltsc : COMPAT_LTSC) {
      if (ltsc < hostBuild) {
        floor = ltsc;
      }
    }
    return floor;
  }

  /**
   * Whether a Hyper-V isolated container of {@code image} runs on {@code host}: the utility VM
   * boots the image's own UtilityVM, so any build up to the host's runs; a newer one never does.
   */
  public static boolean hyperV(OsVersion host, OsVersion image) {
    return image.build() <= host.build();
  }

  /** {@link #check(OsVersion, OsVersion, IsolationKind, String)} naming containerd's Hyper-V handler. */
  public static Verdict check(OsVersion host, OsVersion image, IsolationKind wanted) {
    return check(host, image, wanted, HYPERV_HANDLER);
  }

  /**
   * Whether the wanted isolation can run the image here; when not, a message naming the host
   * build, the image build and the isolation that would work.
   *
   * @param hyperVHandler the runtime handler this node configures for Hyper-V, for the message
   */
  public static Verdict check(OsVersion host, OsVersion image, IsolationKind wanted, String hyperVHandler) {
    boolean fits = wanted == IsolationKind.PROCESS ? processIsolation(host, image) : hyperV(host, image);
    if (fits) {
      return Verdict.allow();
    }
    String builds = "image OS build " + describe(image) + " on host OS build " + describe(host);
    if (wanted == IsolationKind.PROCESS && hyperV(host, image)) {
      return Verdict.refuse("process isolation cannot run " + builds
          + "; Hyper-V isolation can: use the runtime handler " + hyperVHandler);
    }
    return Verdict.refuse("no isolation can run " + builds + ": the image is newer than the host");
  }

  /** "10.0.20348.2340 (Windows Server 2022 (20348))". */
  static String describe(OsVersion version) {
    return version + " (" + WindowsBuilds.name(version.build()) + ")";
  }
}

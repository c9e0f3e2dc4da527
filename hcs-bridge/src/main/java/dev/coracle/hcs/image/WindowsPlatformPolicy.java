package dev.coracle.hcs.image;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.manifest.Descriptor;
import dev.coracle.core.image.manifest.PlatformPolicy;
import dev.coracle.core.image.manifest.PlatformSpec;
import dev.coracle.hcs.osversion.BuildCompatibility;
import dev.coracle.hcs.osversion.HostVersion;
import dev.coracle.hcs.osversion.IsolationKind;
import dev.coracle.hcs.osversion.OsVersion;
import dev.coracle.hcs.osversion.WindowsBuilds;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;

/**
 * Which entry of a Windows image index this host pulls (WINDOWS.md §5, containerd's Windows
 * matcher): an entry with an {@code os.version} must pass the build rule for the isolation the
 * pull's runtime handler picks (process by default; a Hyper-V handler takes any build up to
 * the host's); an entry without one matches; {@code os.features} are ignored; among matches
 * the higher {@code os.version} wins (string compare). Entries for other operating systems are
 * left to the platform match.
 */
public final class WindowsPlatformPolicy implements PlatformPolicy {

  private static final Comparator<Descriptor> HIGHER_OS_VERSION =
      Comparator.comparing(WindowsPlatformPolicy::osVersionOf, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final HostVersion host;
  private final Set<String> hyperVHandlers;

  /**
   * @param hyperVHandlers the runtime handlers configured for Hyper-V isolation; every other
   *     handler, the default ("") included, is process isolation
   */
  public WindowsPlatformPolicy(HostVersion host, Set<String> hyperVHandlers) {
    this.host = host;
    this.hyperVHandlers = Set.copyOf(hyperVHandlers);
  }

  /** With containerd's one Hyper-V handler, {@code runhcs-wcow-hypervisor}. */
  public WindowsPlatformPolicy(HostVersion host) {
    this(host, Set.of(BuildCompatibility.HYPERV_HANDLER));
  }

  /** The isolation a runtime handler picks. */
  public IsolationKind isolation(String runtimeHandler) {
    return hyperVHandlers.contains(runtimeHandler) ? IsolationKind.HYPERV : IsolationKind.PROCESS;
  }

  @Override
  public boolean accepts(Descriptor entry, String runtimeHandler) {
    PlatformSpec platform = entry.platform();
    if (platform == null || platform.os() == null || !platform.os().toLowerCase(Locale.ROOT).equals("windows")) {
      return true;
    }
    String version = platform.osVersion();
    if (version == null || version.isEmpty()) {
      return true;
    }
    OsVersion image;
    try {
      image = OsVersion.parse(version);
    } catch (InvalidArgumentException e) {
      return false; // containerd reads an unparsable version as 0.0.0, which no host runs
    }
    OsVersion here = host.get();
    return isolation(runtimeHandler) == IsolationKind.HYPERV
        ? BuildCompatibility.hyperV(here, image)
        : BuildCompatibility.processIsolation(here, image);
  }

  @Override
  public Comparator<Descriptor> preference() {
    return HIGHER_OS_VERSION;
  }

  @Override
  public String describe(String runtimeHandler) {
    OsVersion here = host.get();
    String isolation = isolation(runtimeHandler) == IsolationKind.HYPERV ? "with Hyper-V isolation" : "process-isolated";
    return "that host OS build " + here + " (" + WindowsBuilds.name(here.build()) + ") can run " + isolation;
  }

  private static String osVersionOf(Descriptor d) {
    String version = d.platform() == null ? null : d.platform().osVersion();
    return version == null || version.isEmpty() ? null : version;
  }
}

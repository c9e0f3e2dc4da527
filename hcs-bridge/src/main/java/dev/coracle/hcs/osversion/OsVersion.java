package dev.coracle.hcs.osversion;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.Comparator;

/**
 * A Windows version as images and hosts state it: {@code major.minor.build.revision}, the
 * revision being the update build revision (UBR). Image configs carry it as {@code os.version}
 * ({@code 10.0.20348.2340}); the host's comes from {@link HostVersion}. WINDOWS.md §5.
 */
public record OsVersion(int major, int minor, int build, int revision) implements Comparable<OsVersion> {

  private static final Comparator<OsVersion> ORDER = Comparator.comparingInt(OsVersion::major)
      .thenComparingInt(OsVersion::minor).thenComparingInt(OsVersion::build).thenComparingInt(OsVersion::revision);

  public OsVersion {
    if (major < 0 || minor < 0 || build < 0 || revision < 0) {
      throw new InvalidArgumentException(
          "a Windows version has no negative parts: " + major + "." + minor + "." + build + "." + revision);
    }
  }

  /**
   * Parses {@code major.minor.build[.revision]} (a missing revision is 0).
   *
   * @throws InvalidArgumentException for anything else
   */
  public static OsVersion parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("\\.", -1);
    if (parts.length < 3 || parts.length > 4) {
      throw notAVersion(text);
    }
    int[] numbers = new int[4];
    for (int i = 0; i < parts.length; i++) {
      numbers[i] = number(parts[i], text);
    }
    return new OsVersion(numbers[0], numbers[1], numbers[2], numbers[3]);
  }

  private static int number(String part, String text) {
    if (part.isEmpty() || part.length() > 9 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw notAVersion(text);
    }
    return Integer.parseInt(part);
  }

  private static InvalidArgumentException notAVersion(String text) {
    return new InvalidArgumentException("\"" + text + "\" is not a Windows OS version (major.minor.build[.revision])");
  }

  /** The same version with another revision (the host's UBR read separately). */
  public OsVersion withRevision(int ubr) {
    return new OsVersion(major, minor, build, ubr);
  }

  @Override
  public int compareTo(OsVersion other) {
    return ORDER.compare(this, other);
  }

  /** {@code major.minor.build.revision}. */
  @Override
  public String toString() {
    return major + "." + minor + "." + build + "." + revision;
  }
}

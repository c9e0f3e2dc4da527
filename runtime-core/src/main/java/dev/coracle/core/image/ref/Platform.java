package dev.coracle.core.image.ref;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * An operating system and CPU in the Go names OCI uses ({@code linux/arm64/v8}). Architecture
 * aliases ({@code x86_64}, {@code aarch64}) are normalised on construction so platforms from the
 * JVM and from image indexes compare.
 *
 * <p>{@code osVersion} is carried for Windows images but never compared here: which Windows
 * builds may run which images is the Windows backend's rule.
 */
public record Platform(String os, String architecture, String variant, String osVersion) {

  public Platform {
    if (os == null || os.isBlank() || architecture == null || architecture.isBlank()) {
      throw new InvalidArgumentException("a platform needs an OS and an architecture, got \"" + os + "/" + architecture + "\"");
    }
    os = os.toLowerCase(Locale.ROOT);
    architecture = goArchitecture(architecture.toLowerCase(Locale.ROOT));
    variant = variant == null || variant.isEmpty() ? null : variant.toLowerCase(Locale.ROOT);
    osVersion = osVersion == null || osVersion.isEmpty() ? null : osVersion;
  }

  /** The platform this JVM runs on. */
  public static Platform host() {
    return fromJvm(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
  }

  static Platform fromJvm(String osName, String osArch) {
    String arch = goArchitecture(osArch.toLowerCase(Locale.ROOT));
    String variant = switch (arch) {
      case "arm64" -> "v8";
      case "arm" -> "v7";
      default -> null;
    };
    return new Platform(goOs(osName), arch, variant, null);
  }

  private static String goOs(String osName) {
    String lower = osName.toLowerCase(Locale.ROOT);
    if (lower.startsWith("windows")) {
      return "windows";
    }
    if (lower.startsWith("mac")) {
      return "darwin";
    }
    return lower.replace(" ", "");
  }

  private static String goArchitecture(String arch) {
    return switch (arch) {
      case "amd64", "x86_64", "x86-64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i486", "i586", "i686" -> "386";
      case "arm", "arm32", "armhf", "armv7l" -> "arm";
      case "ppc64le", "powerpc64le" -> "ppc64le";
      default -> arch;
    };
  }

  /** Parses {@code os/arch[/variant]}. */
  public static Platform parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || Arrays.stream(parts).anyMatch(String::isBlank)) {
      throw new InvalidArgumentException("\"" + text + "\" is not a platform (os/arch[/variant])");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null, null);
  }

  /** Whether an image built for {@code candidate} runs on this platform. */
  public boolean matches(Platform candidate) {
    return distance(candidate) >= 0;
  }

  /**
   * How well an image for {@code candidate} fits this platform: -1 if it cannot run here, 0 for
   * the same variant, and larger for older compatible variants (a v7 host runs v6 at 1 and v5 at
   * 2), so a selector can prefer the closest.
   */
  public int distance(Platform candidate) {
    if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
      return -1;
    }
    return switch (architecture) {
      case "arm" -> levelDistance(candidate.variant, 7);
      case "arm64" -> levelDistance(candidate.variant, 8);
      default -> otherVariantDistance(candidate.variant);
    };
  }

  private int otherVariantDistance(String candidateVariant) {
    if (Objects.equals(variant, candidateVariant)) {
      return 0;
    }
    // A host that names no variant takes any, and a variant-less image is built for the baseline
    // every variant runs; both fit, but less well than the same variant.
    return variant == null || candidateVariant == null ? 1 : -1;
  }

  /** Variants as feature levels: a host runs its own level and every older one. */
  private int levelDistance(String candidateVariant, int missing) {
    int host = level(variant, missing);
    int candidate = level(candidateVariant, missing);
    if (host < 0 || candidate < 0) {
      return Objects.equals(variant, candidateVariant) ? 0 : -1;
    }
    return candidate <= host ? host - candidate : -1;
  }

  /** "v7" (or "7") → 7; a missing variant is the architecture's default; an unknown one is -1. */
  private static int level(String variant, int missing) {
    if (variant == null) {
      return missing;
    }
    String digits = variant.startsWith("v") ? variant.substring(1) : variant;
    return digits.length() == 1 && Character.isDigit(digits.charAt(0)) ? digits.charAt(0) - '0' : -1;
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}

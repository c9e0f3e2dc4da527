package dev.coracle.core.oci.security;

import dev.coracle.core.error.UnimplementedException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The processor architectures the runtime-default seccomp profile is written for, with the
 * compatible ABIs a process on them can also call the kernel through. A filter must cover those
 * too: otherwise a 32-bit program would reach the kernel through a door the filter never looks at.
 */
public enum Arch {
  X86_64("SCMP_ARCH_X86_64", List.of("SCMP_ARCH_X86", "SCMP_ARCH_X32"), List.of("amd64", "x86_64")),
  AARCH64("SCMP_ARCH_AARCH64", List.of("SCMP_ARCH_ARM"), List.of("arm64", "aarch64"));

  private final String seccompName;
  private final List<String> compatible;
  private final List<String> aliases;

  Arch(String seccompName, List<String> compatible, List<String> aliases) {
    this.seccompName = seccompName;
    this.compatible = compatible;
    this.aliases = aliases;
  }

  /** The libseccomp name of the native ABI, like SCMP_ARCH_X86_64. */
  public String seccompName() {
    return seccompName;
  }

  /** The spec's {@code architectures}: the native ABI first, then the compatible ones. */
  public List<String> seccompArchitectures() {
    return Stream.concat(Stream.of(seccompName), compatible.stream()).toList();
  }

  /**
   * Whether a profile's architecture name means this one: Go's name (amd64, as Docker-format
   * profiles write it) or the kernel's (x86_64). A compatible ABI's name (386, x32, arm) does not.
   */
  boolean isCalled(String name) {
    return aliases.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The architecture of this machine, as the JVM reports it. */
  public static Arch host() {
    return of(System.getProperty("os.arch"));
  }

  /** An architecture from its JVM, Go or kernel name (amd64, x86_64, aarch64, arm64). */
  public static Arch of(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> X86_64;
      case "aarch64", "arm64" -> AARCH64;
      default -> throw new UnimplementedException("the runtime's default seccomp profile is written for x86_64 "
          + "and aarch64, not for " + name + "; use an Unconfined or Localhost profile");
    };
  }
}

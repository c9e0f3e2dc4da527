package dev.coracle.core.oci.security;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Linux kernel's major and minor version, which is what decides which system calls it has. */
public record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {

  private static final Pattern LEADING = Pattern.compile("(\\d+)\\.(\\d+)(?:[.\\-+~].*)?");

  /** From a release string such as {@code uname -r} prints ("6.18.44-fc-v782") or "4.8". */
  public static KernelVersion parse(String release) {
    Matcher matcher = LEADING.matcher(release.strip());
    if (!matcher.matches()) {
      throw new InvalidArgumentException("\"" + release + "\" is not a kernel version (major.minor)");
    }
    return new KernelVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
  }

  /** The running kernel, as the JVM reports it (os.version is the kernel release on Linux). */
  public static KernelVersion host() {
    return parse(System.getProperty("os.version"));
  }

  public boolean atLeast(KernelVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(KernelVersion other) {
    return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}

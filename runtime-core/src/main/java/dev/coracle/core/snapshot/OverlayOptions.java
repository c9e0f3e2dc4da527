package dev.coracle.core.snapshot;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.List;

/**
 * The option strings of overlay mounts. mount(2) copies its data from user space as one page,
 * NUL included, so an option string of a page or more cannot reach the kernel whole; the
 * strings are checked here to fail with the reason rather than with a bare EINVAL.
 */
final class OverlayOptions {

  /** A page is 4 KiB on every Linux target this runtime supports (larger on some arm64). */
  static final int MAX_LENGTH = 4096 - 1;

  private OverlayOptions() {}

  /** A writable overlay of {@code lowersTopFirst} (paths without ':' or ','). */
  static String readWrite(List<String> lowersTopFirst, String upper, String work) {
    return checked(lowerdir(lowersTopFirst) + ",upperdir=" + upper + ",workdir=" + work, lowersTopFirst.size());
  }

  /** A read-only overlay: no upper, which the kernel allows only over two lowers or more. */
  static String readOnly(List<String> lowersTopFirst) {
    if (lowersTopFirst.size() < 2) {
      throw new IllegalArgumentException("a read-only overlay needs at least two lower dirs");
    }
    return checked(lowerdir(lowersTopFirst), lowersTopFirst.size());
  }

  private static String lowerdir(List<String> lowersTopFirst) {
    if (lowersTopFirst.isEmpty()) {
      throw new IllegalArgumentException("an overlay needs a lower dir");
    }
    return "lowerdir=" + String.join(":", lowersTopFirst);
  }

  private static String checked(String options, int layers) {
    if (options.length() > MAX_LENGTH) {
      throw new InvalidArgumentException("an image of " + layers + (layers == 1 ? " layer" : " layers") + " is too deep to mount: its overlay options take "
          + options.length() + " bytes, the kernel takes at most " + MAX_LENGTH);
    }
    return options;
  }
}

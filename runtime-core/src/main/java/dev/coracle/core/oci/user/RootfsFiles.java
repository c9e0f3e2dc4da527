package dev.coracle.core.oci.user;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads a file of an image's root filesystem as a process chrooted into it would see it. A
 * symbolic link is followed inside the root: an absolute target starts again at the root, and
 * ".." stops at the root, so no link in an image (which anyone may have built) makes the runtime
 * read a file of the host. The root is not in use by a container yet, so nothing swaps a
 * component between the check and the read.
 */
final class RootfsFiles {

  /** As many links as the kernel follows in one path lookup before ELOOP. */
  private static final int MAX_LINKS = 40;

  /** Far above any real passwd or group file; a bound so a hostile image cannot exhaust memory. */
  private static final long MAX_SIZE = 16L << 20;

  private RootfsFiles() {}

  /**
   * The text of {@code path} (absolute, as seen inside the container) under {@code root}; empty
   * when the file does not exist.
   *
   * @throws InvalidArgumentException when it exists but is not a regular file, is too large, or
   *     its links loop
   */
  static Optional<String> read(Path root, String path) {
    Path file = resolve(root, path);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArgumentException(path + " of the image is not a regular file");
    }
    try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes((int) MAX_SIZE + 1);
      if (bytes.length > MAX_SIZE) {
        throw new InvalidArgumentException(path + " of the image is larger than " + (MAX_SIZE >> 20) + " MiB");
      }
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InternalException("cannot read " + path + " of the image at " + file + ": " + e.getMessage(), e);
    }
  }

  /** Where {@code path} leads under {@code root}, every link resolved inside the root; the result may not exist. */
  static Path resolve(Path root, String path) {
    Deque<String> pending = new ArrayDeque<>(components(path));
    List<String> resolved = new ArrayList<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String name = pending.removeFirst();
      if (name.equals("..")) {
        if (!resolved.isEmpty()) {
          resolved.removeLast();
        }
        continue;
      }
      Path candidate = under(root, resolved).resolve(name);
      if (!Files.isSymbolicLink(candidate)) {
        resolved.add(name);
        continue;
      }
      if (++links > MAX_LINKS) {
        throw new InvalidArgumentException(path + " of the image: too many levels of symbolic links");
      }
      String target = readLink(candidate, path);
      if (target.startsWith("/")) {
        resolved.clear();
      }
      List<String> targetNames = components(target);
      for (int i = targetNames.size() - 1; i >= 0; i--) {
        pending.addFirst(targetNames.get(i));
      }
    }
    return under(root, resolved);
  }

  private static List<String> components(String path) {
    List<String> names = new ArrayList<>();
    for (String name : path.split("/")) {
      if (!name.isEmpty() && !name.equals(".")) {
        names.add(name);
      }
    }
    return names;
  }

  private static Path under(Path root, List<String> names) {
    Path path = root;
    for (String name : names) {
      path = path.resolve(name);
    }
    return path;
  }

  private static String readLink(Path link, String path) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new InternalException("cannot read link " + link + " resolving " + path + " of the image", e);
    }
  }
}

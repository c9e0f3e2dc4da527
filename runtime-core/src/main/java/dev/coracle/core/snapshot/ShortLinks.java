package dev.coracle.core.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Short names for layer dirs: {@code <dir>/<id>} is a symbolic link to one layer, so an
 * overlay's lowerdir can name the layer in a few bytes. The ID is the start of the SHA-256 of
 * the layer's path, so the same layer gets the same link in every snapshot without any index;
 * on the (unlikely) clash of two layers on one prefix the later one takes a longer prefix.
 */
final class ShortLinks {

  /** 12 hex digits: 48 bits, and {@code l/<id>:} is 15 bytes of mount options per layer. */
  private static final List<Integer> LENGTHS = List.of(12, 16, 24, 32, 64);

  private final Path dir;

  ShortLinks(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** The ID of the link to {@code layer} (an absolute, normalised path), made if absent. */
  String linkFor(Path layer) throws IOException {
    String hash = sha256(layer.toString());
    for (int length : LENGTHS) {
      String id = hash.substring(0, length);
      Path link = dir.resolve(id);
      try {
        Files.createSymbolicLink(link, layer);
        return id;
      } catch (FileAlreadyExistsException e) {
        if (pointsTo(link, layer)) {
          return id;
        }
      }
    }
    throw new IOException("no free short link for " + layer + " in " + dir);
  }

  private static boolean pointsTo(Path link, Path layer) throws IOException {
    try {
      return Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(layer);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Deletes every link whose ID is not in {@code used}; never anything but a link. */
  void pruneExcept(Set<String> used) throws IOException {
    try (var entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        if (!used.contains(entry.getFileName().toString()) && Files.isSymbolicLink(entry)) {
          Files.deleteIfExists(entry);
        }
      }
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

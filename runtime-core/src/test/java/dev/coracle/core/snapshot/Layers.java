package dev.coracle.core.snapshot;

import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Layer dirs as the image store lays them out ({@code <root>/<64 hex>/diff}: long paths, so
 * naming many of them in full would not fit a mount's options), filled the way the unpacker
 * fills them, overlay whiteouts included.
 */
final class Layers {

  private final Path root;
  private final LinuxSyscalls sys = LinuxSyscalls.get();
  private int count;

  Layers(Path root) {
    this.root = root;
  }

  /** A new, empty layer dir. */
  Path create() throws IOException {
    return Files.createDirectories(root.resolve(sha256("layer " + count++)).resolve("diff"));
  }

  /** Writes {@code text} to {@code name} (parents made) inside {@code layer}. */
  static Path write(Path layer, String name, String text) throws IOException {
    Path file = layer.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  /** A whiteout: a character device 0/0 that hides the lower layers' {@code name}. */
  void whiteout(Path layer, String name) throws IOException {
    Path file = layer.resolve(name);
    Files.createDirectories(file.getParent());
    sys.mknod(file, LinuxSyscalls.S_IFCHR | 0644, 0, 0);
  }

  /** An opaque dir: hides every entry the lower layers have in {@code name}. */
  void opaque(Path layer, String name) throws IOException {
    Path dir = Files.createDirectories(layer.resolve(name));
    sys.lsetxattr(dir, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
  }

  /** A random container ID. */
  static String key() {
    byte[] bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.coracle.core.image.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The registry's htpasswd file: one bcrypt entry, made by apache2-utils' {@code htpasswd -B}. */
final class Htpasswd {

  private Htpasswd() {}

  static Path write(Path dir, String username, String password) {
    String entry = Command.run(List.of("/usr/bin/htpasswd", "-Bbn", username, password),
        "apt-get install apache2-utils").strip();
    Path file = dir.resolve("htpasswd");
    try {
      Files.writeString(file, entry + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}

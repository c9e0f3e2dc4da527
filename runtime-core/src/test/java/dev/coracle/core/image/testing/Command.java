package dev.coracle.core.image.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short helper program (openssl, htpasswd) and returns what it printed. */
final class Command {

  private Command() {}

  /** Fails with the program's own words when it is missing, fails, or hangs. */
  static String run(List<String> command, String installHint) {
    if (!Files.isExecutable(Path.of(command.getFirst()))) {
      throw new IllegalStateException(command.getFirst() + " is missing: " + installHint);
    }
    try {
      Process process = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      try {
        // Both outputs are a few lines, far below a pipe's buffer: reading one after the other is safe.
        byte[] stdout = process.getInputStream().readAllBytes();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException(command.getFirst() + " did not finish within 30 s");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command.subList(0, 2)) + " failed (exit "
              + process.exitValue() + "): " + stderr.strip());
        }
        return new String(stdout, StandardCharsets.UTF_8);
      } finally {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
    }
  }
}

package dev.coracle.critest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Prints a benchmark line and keeps it in target/bench/results.txt for the issue notes. */
final class BenchReport {

  private BenchReport() {}

  static void line(String text) {
    System.out.println("BENCH " + text);
    try {
      Path file = Path.of("target/bench/results.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.coracle.hcs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The module's dependency rules (its package description), checked on the sources' imports. */
class DependencyRulesTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/coracle/hcs");

  @ParameterizedTest(name = "{0} imports nothing of {1}")
  @CsvSource({
      "'',io.grpc.",
      "'',dev.coracle.cri.",
      "schema,dev.coracle.hcs.nativeapi.",
      "schema,dev.coracle.hcs.compute.",
      "schema,com.sun.jna.",
      "document,dev.coracle.hcs.nativeapi.",
      "document,dev.coracle.hcs.compute.",
      "document,com.sun.jna.",
      "osversion,dev.coracle.hcs.compute.",
      "nativeapi,dev.coracle.hcs.compute.",
      "nativeapi,dev.coracle.hcs.backend.",
      "backend,dev.coracle.hcs.nativeapi.",
      "backend,dev.coracle.hcs.fake."})
  void packageImports_followTheRules(String pkg, String forbidden) throws IOException {
    List<String> offending = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("import ") && line.contains(forbidden)) {
            offending.add(SOURCES.relativize(file) + ": " + line);
          }
        }
      }
    }
    assertEquals(List.of(), offending);
  }
}

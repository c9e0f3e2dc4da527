package dev.coracle.core.oci.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecWriterTest {

  @TempDir
  Path bundle;

  @Test
  void write_spec_isConfigJsonInTheBundle() throws IOException {
    Spec spec = SpecJsonTest.fullSpec();
    Path written = SpecWriter.write(bundle, spec);
    assertEquals(bundle.resolve("config.json"), written);
    assertEquals(spec, SpecJson.read(Files.readAllBytes(written), Spec.class));
    assertEquals(spec, SpecWriter.read(bundle));
  }

  @Test
  void write_existingConfig_isReplacedAndNoTemporaryFileIsLeft() throws IOException {
    Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\":\"old\", \"hostname\": \"a much longer old document\"}");
    Spec spec = Spec.empty().withHostname("new");
    SpecWriter.write(bundle, spec);
    assertEquals(spec, SpecWriter.read(bundle));
    try (Stream<Path> files = Files.list(bundle)) {
      assertEquals(List.of(bundle.resolve("config.json")), files.toList());
    }
  }

  @Test
  void write_missingBundle_failsAndCreatesNothing() {
    Path missing = bundle.resolve("absent");
    assertThrows(IOException.class, () -> SpecWriter.write(missing, Spec.empty()));
    assertEquals(false, Files.exists(missing));
  }
}

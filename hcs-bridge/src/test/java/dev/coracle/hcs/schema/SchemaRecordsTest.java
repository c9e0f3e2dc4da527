package dev.coracle.hcs.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules every schema record must keep, checked over all of them so a new one cannot forget:
 * empty fields left out (older hosts reject unknown ones, WINDOWS.md §2) and every field named
 * explicitly in HCS's spelling.
 */
class SchemaRecordsTest {

  @Test
  void everyRecord_leavesOutEmptyFields() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Class<?> type : records()) {
      JsonInclude include = type.getAnnotation(JsonInclude.class);
      if (include == null || include.value() != JsonInclude.Include.NON_EMPTY) {
        missing.add(type.getSimpleName());
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void everyComponent_isNamedInPascalCaseOrHcnUpperCase() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Class<?> type : records()) {
      for (RecordComponent c : type.getRecordComponents()) {
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        if (p == null || p.value().isEmpty() || !Character.isUpperCase(p.value().charAt(0))) {
          wrong.add(type.getSimpleName() + "." + c.getName());
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  private static List<Class<?>> records()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path dir =
        Path.of(HcsJson.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("dev/coracle/hcs/schema");
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = f.getFileName().toString();
        Class<?> type =
            Class.forName("dev.coracle.hcs.schema." + name.substring(0, name.length() - 6));
        if (type.isRecord()) {
          out.add(type);
        }
      }
    }
    // An empty scan would make the checks above pass for nothing.
    assertTrue(out.size() > 50, "found only " + out.size() + " schema records in " + dir);
    return out;
  }
}

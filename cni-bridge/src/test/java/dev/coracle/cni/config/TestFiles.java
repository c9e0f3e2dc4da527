package dev.coracle.cni.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Config files and stand-in plugin binaries (never run, only looked up) on temp dirs. */
final class TestFiles {

  private TestFiles() {}

  static String conflist(String name, String... types) {
    StringBuilder plugins = new StringBuilder();
    for (String type : types) {
      if (!plugins.isEmpty()) {
        plugins.append(',');
      }
      plugins.append("{\"type\":\"").append(type).append("\"}");
    }
    return "{\"cniVersion\":\"1.0.0\",\"name\":\"" + name + "\",\"plugins\":[" + plugins + "]}";
  }

  static Path write(Path dir, String file, String json) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(file), json, StandardCharsets.UTF_8);
  }

  static Path binary(Path dir, String name) throws IOException {
    return file(dir, name, "rwxr-xr-x");
  }

  static Path file(Path dir, String name, String mode) throws IOException {
    Files.createDirectories(dir);
    Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\nexit 1\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    return p;
  }
}

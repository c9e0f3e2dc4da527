package dev.coracle.critest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The floor under CreateContainer + StartContainer: bare {@code runc create} and
 * {@code runc start} of a bundle equivalent to the benchmark's container (static busybox, the
 * same shell waiting for SIGTERM, its own cgroup), with nothing around them.
 */
final class RuncFloor implements AutoCloseable {

  /** Samples of one run: create, start, and both. */
  record Samples(List<Long> create, List<Long> start, List<Long> both) {}

  private final Path dir;
  private final Path bundle;
  private final Path state;
  private final String cgroupParent;

  RuncFloor(String script) throws Exception {
    dir = Files.createTempDirectory("critest-runc-floor-");
    bundle = dir.resolve("bundle");
    state = dir.resolve("state");
    cgroupParent = "/critest-floor-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
    for (String applet : List.of("sh", "sleep")) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    run("runc", "spec", "--bundle", bundle.toString());
    ObjectMapper json = new ObjectMapper();
    ObjectNode spec = (ObjectNode) json.readTree(bundle.resolve("config.json").toFile());
    ObjectNode process = (ObjectNode) spec.get("process");
    process.put("terminal", false);
    process.putArray("args").add("sh").add("-c").add(script);
    json.writeValue(bundle.resolve("config.json").toFile(), spec);
  }

  Samples measure(int runs) throws Exception {
    List<Long> create = new ArrayList<>();
    List<Long> start = new ArrayList<>();
    List<Long> both = new ArrayList<>();
    for (int i = -1; i < runs; i++) { // run -1 warms the page cache
      String id = "critest-floor-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
      setCgroup(id);
      long t0 = System.nanoTime();
      run("runc", "--root", state.toString(), "create", "--bundle", bundle.toString(), id);
      long t1 = System.nanoTime();
      run("runc", "--root", state.toString(), "start", id);
      long t2 = System.nanoTime();
      if (i >= 0) {
        create.add(t1 - t0);
        start.add(t2 - t1);
        both.add(t2 - t0);
      }
      run("runc", "--root", state.toString(), "delete", "--force", id);
    }
    return new Samples(create, start, both);
  }

  private void setCgroup(String id) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode spec = (ObjectNode) json.readTree(bundle.resolve("config.json").toFile());
    ((ObjectNode) spec.get("linux")).put("cgroupsPath", cgroupParent + "/" + id);
    json.writeValue(bundle.resolve("config.json").toFile(), spec);
  }

  private void run(String... command) throws Exception {
    Path errors = dir.resolve("runc.err");
    Process process = new ProcessBuilder(command)
        .redirectInput(new File("/dev/null"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(errors.toFile())
        .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": "
          + Files.readString(errors).strip());
    }
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
      for (Path hierarchy : hierarchies.toList()) {
        Path cgroup = hierarchy.resolve(cgroupParent.substring(1));
        if (Files.isDirectory(cgroup)) {
          Files.delete(cgroup); // runc delete removed each container's own cgroup below it
        }
      }
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}

package dev.coracle.core.sys;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test, to make a disk fill up for real. Use it in
 * try-with-resources: closing unmounts, lazily if a plain unmount fails, and fails the test if
 * even that leaves the mount behind.
 */
public final class TmpfsMount implements AutoCloseable {

  private final Path dir;

  private TmpfsMount(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs on {@code dir} (created if needed) with options such as "size=1m,nr_inodes=64". */
  public static TmpfsMount mount(Path dir, String options) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String error = run("mount", "-t", "tmpfs", "-o", options, "coracle-test", dir.toString());
    assumeTrue(error == null, "needs root to mount a tmpfs: " + error);
    return new TmpfsMount(dir);
  }

  public Path dir() {
    return dir;
  }

  /** True when some mount sits on {@code dir}. */
  public static boolean isMounted(Path dir) throws IOException {
    String mountPoint = " " + dir.toAbsolutePath() + " ";
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(line -> line.contains(mountPoint));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String error = run("umount", dir.toString());
    if (error != null) {
      run("umount", "-l", dir.toString());
    }
    if (isMounted(dir)) {
      throw new IllegalStateException("tmpfs still mounted on " + dir + ": " + error);
    }
  }

  /** Runs a command; null on success, else its output. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return String.join(" ", command) + ": timed out";
    }
    return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + output;
  }
}

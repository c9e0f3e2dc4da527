package dev.coracle.cni.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a plugin as a child process, its output read while it runs so no pipe fills up. */
final class ProcessPluginExec implements PluginExec {

  @Override
  public Completed run(Path binary, Map<String, String> environment, byte[] stdin, Duration timeout)
      throws IOException, TimeoutException {
    ProcessBuilder builder = new ProcessBuilder(List.of(binary.toString()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    Future<byte[]> stdout = drain(process.getInputStream(), "stdout");
    Future<byte[]> stderr = drain(process.getErrorStream(), "stderr");
    feed(process.getOutputStream(), stdin);
    try {
      if (!process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
        throw killed(process, timeout);
      }
      // A child the plugin left running may hold the pipes open: bounded by the same deadline.
      byte[] out = stdout.get(remaining(deadline), TimeUnit.NANOSECONDS);
      byte[] err = stderr.get(remaining(deadline), TimeUnit.NANOSECONDS);
      return new Completed(process.exitValue(), out, err);
    } catch (TimeoutException e) {
      throw killed(process, timeout);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + binary, e);
    } catch (ExecutionException e) {
      kill(process);
      throw new IOException("reading the output of " + binary + " failed", e.getCause());
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static TimeoutException killed(Process process, Duration timeout) {
    kill(process);
    return new TimeoutException("killed after " + timeout.toMillis() + " ms");
  }

  // The plugin's own children first: a killed shell script must not leave its sleep behind.
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Future<byte[]> drain(InputStream in, String name) {
    FutureTask<byte[]> task =
        new FutureTask<>(
            () -> {
              try (in) {
                return in.readAllBytes();
              }
            });
    Thread.ofVirtual().name("cni-plugin-" + name).start(task);
    return task;
  }

  // A plugin need not read its stdin; one that exits early must not fail the call here.
  private static void feed(OutputStream out, byte[] stdin) {
    Thread.ofVirtual()
        .name("cni-plugin-stdin")
        .start(
            () -> {
              try (out) {
                out.write(stdin);
              } catch (IOException ignored) {
                // the plugin closed its stdin; what it wrote says what happened
              }
            });
  }
}

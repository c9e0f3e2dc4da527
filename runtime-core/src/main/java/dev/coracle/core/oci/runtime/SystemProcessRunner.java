package dev.coracle.core.oci.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs commands as child processes of this JVM. */
public final class SystemProcessRunner implements ProcessRunner {

  /** How long output may keep flowing after the command exited (a grandchild holding the pipe). */
  private static final Duration LINGER = Duration.ofSeconds(2);

  @Override
  public ProcessResult run(List<String> command, Duration timeout) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    try {
      // Both pipes are drained at once: a command that fills one while we wait on the other would hang.
      Drain stdout = Drain.start(process.getInputStream(), Drain.CAP);
      Drain stderr = Drain.start(process.getErrorStream(), Drain.CAP);
      boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor();
      }
      return new ProcessResult(exited ? process.exitValue() : -1, text(stdout.finish(LINGER)),
          text(stderr.finish(LINGER)), !exited);
    } finally {
      process.destroyForcibly();
    }
  }

  @Override
  public Process start(List<String> command, Map<String, String> environment) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

package dev.coracle.core.oci.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A finished child process with scripted output; records what was written to its stdin. */
public final class FakeProcess extends Process {

  private final byte[] stdout;
  private final byte[] stderr;
  private final int exitCode;
  public final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
  public volatile boolean destroyed;

  public FakeProcess(String stdout, String stderr, int exitCode) {
    this.stdout = stdout.getBytes(StandardCharsets.UTF_8);
    this.stderr = stderr.getBytes(StandardCharsets.UTF_8);
    this.exitCode = exitCode;
  }

  @Override
  public OutputStream getOutputStream() {
    return stdin;
  }

  @Override
  public InputStream getInputStream() {
    return new ByteArrayInputStream(stdout);
  }

  @Override
  public InputStream getErrorStream() {
    return new ByteArrayInputStream(stderr);
  }

  @Override
  public int waitFor() {
    return exitCode;
  }

  @Override
  public int exitValue() {
    return exitCode;
  }

  @Override
  public long pid() {
    // Above any kernel's pid_max: never a live process.
    return 999_999_999L;
  }

  @Override
  public void destroy() {
    destroyed = true;
  }
}

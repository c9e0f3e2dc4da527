package dev.coracle.core.image.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code docker-registry serve} child: writes its config, starts it, waits until
 * {@code /v2/} answers, stops it. Its output (the registry logs to stderr) goes to a log file
 * that survives restarts, so a failure can quote the registry's own words.
 */
final class RegistryProcess {

  static final Path BINARY = Path.of("/usr/bin/docker-registry");
  private static final Duration READY_DEADLINE = Duration.ofSeconds(20);
  private static final String PORT_TAKEN = "address already in use";

  private final Path dir;
  private final String authSection;
  private final int readyStatus;
  private final TestCertificates tls;
  private volatile Process process;
  private int port;

  /** A plain-HTTP registry. */
  RegistryProcess(Path dir, String authSection, int readyStatus) {
    this(dir, authSection, readyStatus, null);
  }

  /**
   * @param authSection the YAML {@code auth:} block, or empty for none
   * @param readyStatus what {@code GET /v2/} answers once it serves: 200, or 401 behind auth
   * @param tls the certificate and key to serve HTTPS with, or null for plain HTTP
   */
  RegistryProcess(Path dir, String authSection, int readyStatus, TestCertificates tls) {
    this.dir = dir;
    this.authSection = authSection;
    this.readyStatus = readyStatus;
    this.tls = tls;
  }

  Path log() {
    return dir.resolve("registry.log");
  }

  int port() {
    return port;
  }

  /**
   * Starts on {@code port} and waits until it serves.
   *
   * @return false if another process took the port first (the caller picks another)
   */
  boolean start(int newPort) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: apt-get install docker-registry");
    }
    this.port = newPort;
    try {
      Path config = dir.resolve("config.yml");
      Files.writeString(config, config(newPort));
      long logStart = Files.exists(log()) ? Files.size(log()) : 0;
      process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      boolean started = awaitReady(logStart);
      if (!started) {
        stop();
      }
      return started;
    } catch (IOException e) {
      stop();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** Stops the registry; the storage stays. */
  void stop() {
    Process running = process;
    process = null;
    if (running == null) {
      return;
    }
    running.destroy();
    try {
      if (!running.waitFor(10, TimeUnit.SECONDS)) {
        running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** For the shutdown hook: no waiting, nothing that can block the JVM's exit. */
  void kill() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
    }
  }

  boolean isRunning() {
    Process running = process;
    return running != null && running.isAlive();
  }

  String logTail() {
    try {
      if (!Files.exists(log())) {
        return "(no log)";
      }
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private String config(int listenPort) {
    return """
        version: 0.1
        log:
          level: info
          formatter: text
        storage:
          filesystem:
            rootdirectory: "%s"
          delete:
            enabled: true
        http:
          addr: "127.0.0.1:%d"
          secret: coracle-test-registry-secret
        %s%s""".formatted(dir.resolve("storage"), listenPort, tlsSection(), authSection);
  }

  /** Under {@code http:}: the registry serves HTTPS only, with the certificate the fixture made. */
  private String tlsSection() {
    return tls == null ? "" : """
          tls:
            certificate: "%s"
            key: "%s"
        """.formatted(tls.certificate(), tls.key());
  }

  private boolean awaitReady(long logStart) throws IOException {
    Instant deadline = Instant.now().plus(READY_DEADLINE);
    URI probe = URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port + "/v2/");
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1));
    if (tls != null) {
      builder.sslContext(tls.clientContext());
    }
    try (HttpClient client = builder.build()) {
      while (Instant.now().isBefore(deadline)) {
        Process running = process;
        if (running == null || !running.isAlive()) {
          if (logSince(logStart).contains(PORT_TAKEN)) {
            return false;
          }
          throw new IllegalStateException("docker-registry exited while starting; its log ends:\n" + logTail());
        }
        // Another server may hold the port we picked: only our registry's own log line proves it bound.
        boolean listening = logSince(logStart).contains("listening on 127.0.0.1:" + port);
        Integer status = listening ? probe(client, probe) : null;
        if (status != null && status == readyStatus) {
          return true;
        }
        if (status != null) {
          throw new IllegalStateException("GET " + probe + " answered " + status + ", expected " + readyStatus
              + "; the registry log ends:\n" + logTail());
        }
        sleep(50);
      }
    }
    throw new IllegalStateException("docker-registry did not serve " + probe + " within " + READY_DEADLINE.toSeconds()
        + " s; its log ends:\n" + logTail());
  }

  /** The status of {@code GET /v2/}, or null while nothing listens yet. */
  private static Integer probe(HttpClient client, URI uri) {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the registry", e);
    }
  }

  private String logSince(long offset) throws IOException {
    byte[] all = Files.readAllBytes(log());
    int from = (int) Math.min(offset, all.length);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the registry", e);
    }
  }
}

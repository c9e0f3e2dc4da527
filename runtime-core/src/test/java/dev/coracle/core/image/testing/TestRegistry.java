package dev.coracle.core.image.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real registry for integration tests: Debian's {@code docker-registry} (distribution 2.8)
 * serving plain HTTP on {@code 127.0.0.1}, with filesystem storage and deletes enabled, in a
 * temp dir of its own. With {@link Auth#BASIC} it checks an htpasswd (bcrypt) file; with
 * {@link Auth#TOKEN} it wants bearer tokens from a token server run in this JVM. The user is
 * always {@code coracle} / {@code s3cret}.
 *
 * <p>Clients must send an {@code Accept} header naming the manifest types they want. Without
 * one, 2.8 answers an OCI manifest or index with 404 {@code MANIFEST_UNKNOWN}, and a Docker
 * manifest list with its linux/amd64 child rewritten as a signed schema 1 manifest.
 *
 * <pre>{@code
 * try (TestRegistry registry = TestRegistry.start(TestRegistry.Auth.NONE)) {
 *   TestImages.PushedImage image = new TestImages(registry).busybox("test/busybox", "latest");
 *   ... pull image.reference() ...
 * }
 * }</pre>
 *
 * <p>The registry process never outlives the JVM: {@link #close()} and a shutdown hook kill it.
 */
public final class TestRegistry implements AutoCloseable {

  /** How the registry wants clients to authenticate. */
  public enum Auth { NONE, BASIC, TOKEN }

  private static final String USERNAME = "coracle";
  private static final String PASSWORD = "s3cret";
  private static final int PORT_ATTEMPTS = 5;

  private final Auth auth;
  private final Path dir;
  private final RegistryProcess process;
  private final TokenServer tokens;
  private final Thread reaper;
  private boolean closed;

  private TestRegistry(Auth auth, Path dir, RegistryProcess process, TokenServer tokens) {
    this.auth = auth;
    this.dir = dir;
    this.process = process;
    this.tokens = tokens;
    this.reaper = new Thread(this::kill, "coracle-test-registry-reaper");
  }

  /** Starts a registry and returns once it serves {@code /v2/}; fails with the tail of its log. */
  public static TestRegistry start(Auth auth) {
    Path dir = createDir();
    TokenServer tokens = null;
    TestRegistry registry = null;
    try {
      tokens = auth == Auth.TOKEN ? TokenServer.start(dir, USERNAME, PASSWORD) : null;
      RegistryProcess process = new RegistryProcess(dir, authSection(auth, dir, tokens), auth == Auth.NONE ? 200 : 401);
      registry = new TestRegistry(auth, dir, process, tokens);
      Runtime.getRuntime().addShutdownHook(registry.reaper);
      for (int attempt = 1; !process.start(FreePort.pick()); attempt++) {
        if (attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException("no free port for the registry after " + attempt + " attempts; its log ends:\n"
              + process.logTail());
        }
      }
      return registry;
    } catch (RuntimeException e) {
      if (registry != null) {
        registry.close();
      } else {
        if (tokens != null) {
          tokens.close();
        }
        deleteRecursively(dir);
      }
      throw e;
    }
  }

  /** {@code 127.0.0.1:PORT}, the registry part of image references. */
  public String host() {
    return "127.0.0.1:" + process.port();
  }

  public Auth auth() {
    return auth;
  }

  public String username() {
    return USERNAME;
  }

  public String password() {
    return PASSWORD;
  }

  /** The token endpoint the registry's bearer challenge names (TOKEN mode only). */
  public String tokenRealm() {
    return requireTokens().realm();
  }

  /** The {@code service} the registry's bearer challenge names (TOKEN mode only). */
  public String tokenService() {
    requireTokens();
    return TokenServer.SERVICE;
  }

  /** How many tokens the token server has handed out, to prove a client went through it. */
  public int tokensIssued() {
    return requireTokens().tokensIssued();
  }

  /** The registry's own log (requests, errors), for diagnosing a failed test. */
  public Path logFile() {
    return process.log();
  }

  public boolean isRunning() {
    return process.isRunning();
  }

  /** Stops the registry process; its storage and port are kept for {@link #restart()}. */
  public void stop() {
    process.stop();
  }

  /**
   * Starts the registry again on the same port with the same storage, e.g. after {@link #stop()}
   * in the middle of a pull, so the retry can complete.
   */
  public void restart() {
    if (closed) {
      throw new IllegalStateException("the registry is closed");
    }
    process.stop();
    if (!process.start(process.port())) {
      throw new IllegalStateException("port " + process.port() + " was taken while the registry was stopped");
    }
  }

  /** Stops the registry and the token server and deletes the storage. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      process.stop();
      if (tokens != null) {
        tokens.close();
      }
    } finally {
      deleteRecursively(dir);
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or about to: nothing left to unregister.
      }
    }
  }

  private void kill() {
    process.kill();
    if (tokens != null) {
      tokens.close();
    }
  }

  private TokenServer requireTokens() {
    if (tokens == null) {
      throw new IllegalStateException("the registry was started with auth " + auth + ", not TOKEN");
    }
    return tokens;
  }

  private static String authSection(Auth auth, Path dir, TokenServer tokens) {
    return switch (auth) {
      case NONE -> "";
      case BASIC -> """
          auth:
            htpasswd:
              realm: coracle-test
              path: "%s"
          """.formatted(Htpasswd.write(dir, USERNAME, PASSWORD));
      case TOKEN -> """
          auth:
            token:
              realm: "%s"
              service: "%s"
              issuer: "%s"
              rootcertbundle: "%s"
          """.formatted(tokens.realm(), TokenServer.SERVICE, TokenServer.ISSUER, tokens.rootCertBundle());
    };
  }

  private static Path createDir() {
    try {
      return Files.createTempDirectory("coracle-registry-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path path : paths) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}

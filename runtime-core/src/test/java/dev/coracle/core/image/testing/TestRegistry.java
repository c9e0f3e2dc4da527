package dev.coracle.core.image.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * A real registry for integration tests: Debian's {@code docker-registry} (distribution 2.8)
 * serving plain HTTP on {@code 127.0.0.1}, with filesystem storage and deletes enabled, in a
 * temp dir of its own. With {@link Auth#BASIC} it checks an htpasswd (bcrypt) file; with
 * {@link Auth#TOKEN} it wants bearer tokens from a token server run in this JVM. The user is
 * always {@code coracle} / {@code s3cret}. {@link #startTls} serves HTTPS instead, with a
 * certificate for {@code 127.0.0.1} signed by a CA of its own ({@link #caFile()}).
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
  private final TestCertificates tls;
  private final Thread reaper;
  private boolean closed;

  private TestRegistry(Auth auth, Path dir, RegistryProcess process, TokenServer tokens, TestCertificates tls) {
    this.auth = auth;
    this.dir = dir;
    this.process = process;
    this.tokens = tokens;
    this.tls = tls;
    this.reaper = new Thread(this::kill, "coracle-test-registry-reaper");
  }

  /** Starts a plain-HTTP registry and returns once it serves {@code /v2/}; fails with the tail of its log. */
  public static TestRegistry start(Auth auth) {
    return start(auth, false);
  }

  /**
   * Starts a registry serving HTTPS only, with a certificate for {@code 127.0.0.1} signed by a
   * private CA: clients must trust {@link #caFile()}. A token server (TOKEN mode) stays plain HTTP.
   */
  public static TestRegistry startTls(Auth auth) {
    return start(auth, true);
  }

  private static TestRegistry start(Auth auth, boolean https) {
    Path dir = createDir();
    TokenServer tokens = null;
    TestRegistry registry = null;
    try {
      TestCertificates tls = https ? TestCertificates.generate(dir, "registry") : null;
      tokens = auth == Auth.TOKEN ? TokenServer.start(dir, USERNAME, PASSWORD) : null;
      RegistryProcess process = new RegistryProcess(dir, authSection(auth, dir, tokens), auth == Auth.NONE ? 200 : 401,
          tls);
      registry = new TestRegistry(auth, dir, process, tokens, tls);
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

  /** {@code http://127.0.0.1:PORT}, or {@code https://...} for a registry from {@link #startTls}. */
  public String baseUrl() {
    return (tls == null ? "http://" : "https://") + host();
  }

  /** The PEM CA certificate that signed the registry's certificate ({@link #startTls} only). */
  public Path caFile() {
    return requireTls().caFile();
  }

  /** What a client needs to trust the registry: its CA alone, or the JDK's default for plain HTTP. */
  SSLContext sslContext() {
    if (tls == null) {
      try {
        return SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return tls.clientContext();
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

  /** Every request the token server received, answered or refused (TOKEN mode only). */
  public int tokenRequests() {
    return requireTokens().requests();
  }

  /** How many OAuth2 {@code grant_type=refresh_token} POSTs the token server granted (TOKEN mode only). */
  public int refreshGrants() {
    return requireTokens().refreshGrants();
  }

  /**
   * The one refresh token the token server accepts in place of a password, as a registry hands
   * one out after {@code docker login}: what kubelet passes as {@code identity_token} (TOKEN mode only).
   */
  public String identityToken() {
    return requireTokens().identityToken();
  }

  /**
   * A bearer token granting pull on {@code repository}, signed by the token server's key but
   * minted without any request to it: what kubelet passes as {@code registry_token} (TOKEN mode only).
   */
  public String mintToken(String repository) {
    return requireTokens().mint("repository:" + repository + ":pull");
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

  private TestCertificates requireTls() {
    if (tls == null) {
      throw new IllegalStateException("the registry serves plain HTTP: start it with startTls");
    }
    return tls;
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

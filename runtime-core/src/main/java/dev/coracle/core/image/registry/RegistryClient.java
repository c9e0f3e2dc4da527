package dev.coracle.core.image.registry;

import dev.coracle.core.error.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Speaks the OCI distribution API. Holds one HTTP client per trust configuration (the system's
 * CAs, or those plus a registry's own CA file) and opens a session per repository.
 */
public final class RegistryClient implements AutoCloseable {

  private final Duration connectTimeout;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(Thread.ofPlatform().name("coracle-registry-", 0).daemon(true).factory());
  private final Map<Path, HttpClient> clients = new ConcurrentHashMap<>();
  /** The key of the client trusting only the system's CAs. */
  private static final Path SYSTEM_TRUST = Path.of("");

  public RegistryClient(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * Clients are built on first use: building one loads the system's trust store, a cost the
   * daemon's start should not pay before any pull.
   */
  public RepositorySession open(RegistryEndpoint endpoint, String repository, Credentials credentials) {
    HttpClient client = endpoint.caFile() == null
        ? clients.computeIfAbsent(SYSTEM_TRUST, none -> builder().build())
        : clients.computeIfAbsent(endpoint.caFile(), ca -> builder().sslContext(trusting(ca)).build());
    return new RepositorySession(client, endpoint, repository, credentials);
  }

  private HttpClient.Builder builder() {
    // Redirects are followed by hand: credentials must not travel to another host.
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .executor(executor);
  }

  private static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : certificates(in, caFile)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      // The registry's own CA comes in addition to the system's, as a user expects.
      TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      system.init((KeyStore) null);
      TrustManagerFactory extra = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      extra.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {
          new CombinedTrustManager(system.getTrustManagers(), extra.getTrustManagers())}, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new InvalidArgumentException("cannot use the CA file " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** An empty file would silently trust nothing extra: refuse it like a file that is not PEM. */
  private static Collection<? extends Certificate> certificates(InputStream in, Path caFile)
      throws GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (CertificateException e) {
      throw new InvalidArgumentException("the CA file " + caFile + " is not a PEM file of certificates: "
          + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new InvalidArgumentException("the CA file " + caFile + " holds no certificates");
    }
    return certificates;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

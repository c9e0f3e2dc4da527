package dev.coracle.core.image.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private CA and a server certificate it signed for {@code 127.0.0.1} (and {@code localhost}),
 * made by openssl as an operator would: what a registry with its own PKI serves, and the
 * {@code ca_file} a client needs to trust it.
 *
 * @param caFile the CA certificate (PEM): the file to configure as a registry's {@code ca_file}
 * @param certificate the server certificate (PEM), signed by the CA
 * @param key the server's unencrypted private key (PEM)
 */
public record TestCertificates(Path caFile, Path certificate, Path key) {

  private static final String OPENSSL = "/usr/bin/openssl";
  private static final String HINT = "apt-get install openssl";

  /** Writes {@code NAME-ca.crt}, {@code NAME.crt} and {@code NAME.key} into {@code dir}. */
  public static TestCertificates generate(Path dir, String name) {
    Path caKey = dir.resolve(name + "-ca.key");
    Path ca = dir.resolve(name + "-ca.crt");
    Path key = dir.resolve(name + ".key");
    Path request = dir.resolve(name + ".csr");
    Path certificate = dir.resolve(name + ".crt");
    Path extensions = dir.resolve(name + ".ext");
    Command.run(List.of(OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
        "-subj", "/CN=coracle test CA " + name, "-keyout", caKey.toString(), "-out", ca.toString(),
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"), HINT);
    Command.run(List.of(OPENSSL, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-sha256",
        "-subj", "/CN=127.0.0.1", "-keyout", key.toString(), "-out", request.toString()), HINT);
    write(extensions, """
        basicConstraints = critical,CA:FALSE
        keyUsage = critical,digitalSignature,keyEncipherment
        extendedKeyUsage = serverAuth
        subjectAltName = IP:127.0.0.1,DNS:localhost
        """);
    Command.run(List.of(OPENSSL, "x509", "-req", "-in", request.toString(), "-CA", ca.toString(),
        "-CAkey", caKey.toString(), "-set_serial", "0x" + randomSerial(), "-days", "2", "-sha256",
        "-extfile", extensions.toString(), "-out", certificate.toString()), HINT);
    return new TestCertificates(ca, certificate, key);
  }

  /** A client context that trusts this CA and nothing else. */
  public SSLContext clientContext() {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
      store.setCertificateEntry("ca", ca);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + caFile, e);
    }
  }

  private static String randomSerial() {
    byte[] serial = new byte[8];
    new SecureRandom().nextBytes(serial);
    serial[0] &= 0x7f; // a positive serial number
    return HexFormat.of().formatHex(serial);
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.coracle.core.image.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The token issuer's RSA key and self-signed certificate. openssl makes them, as an operator
 * would; the certificate file is the registry's {@code rootcertbundle}.
 */
record TokenKeys(PrivateKey privateKey, X509Certificate certificate, Path certificateFile) {

  static TokenKeys generate(Path dir, String subject) {
    Path key = dir.resolve("token.key");
    Path cert = dir.resolve("token.crt");
    Command.run(List.of("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256",
        "-days", "2", "-subj", "/CN=" + subject, "-keyout", key.toString(), "-out", cert.toString()),
        "apt-get install openssl");
    return new TokenKeys(readPkcs8(key), readCertificate(cert), cert);
  }

  /** openssl 3 writes the unencrypted key as PKCS#8 ("BEGIN PRIVATE KEY"). */
  private static PrivateKey readPkcs8(Path pem) {
    try {
      String text = Files.readString(pem);
      String begin = "-----BEGIN PRIVATE KEY-----";
      String end = "-----END PRIVATE KEY-----";
      int from = text.indexOf(begin);
      int to = text.indexOf(end);
      if (from < 0 || to < from) {
        throw new IllegalStateException(pem + " holds no PKCS#8 private key");
      }
      byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the token key " + pem, e);
    }
  }

  private static X509Certificate readCertificate(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the token certificate " + pem, e);
    }
  }
}

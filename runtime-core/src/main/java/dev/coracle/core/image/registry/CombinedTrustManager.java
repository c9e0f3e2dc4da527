package dev.coracle.core.image.registry;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Trusts a server certificate that any of several trust managers trusts. */
final class CombinedTrustManager implements X509TrustManager {

  private final List<X509TrustManager> managers = new ArrayList<>();

  CombinedTrustManager(TrustManager[]... groups) {
    for (TrustManager[] group : groups) {
      for (TrustManager manager : group) {
        if (manager instanceof X509TrustManager x509) {
          managers.add(x509);
        }
      }
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    CertificateException last = new CertificateException("no trust manager");
    for (X509TrustManager manager : managers) {
      try {
        manager.checkServerTrusted(chain, authType);
        return;
      } catch (CertificateException e) {
        last = e;
      }
    }
    throw last;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("client certificates are not checked here");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return managers.stream().flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
        .toArray(X509Certificate[]::new);
  }
}

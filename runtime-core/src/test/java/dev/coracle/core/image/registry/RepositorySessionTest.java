package dev.coracle.core.image.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RepositorySessionTest {

  private static final URI REGISTRY = URI.create("https://registry.example/v2/app/blobs/sha256:1");

  @Test
  void sameOrigin_pathOnTheSameHost_carriesCredentials() {
    assertTrue(RepositorySession.sameOrigin(REGISTRY, REGISTRY.resolve("/storage/blob?sig=1")));
    assertTrue(RepositorySession.sameOrigin(REGISTRY, URI.create("HTTPS://registry.example/other")));
  }

  @Test
  void sameOrigin_otherHostOrPort_getsNoCredentials() {
    assertFalse(RepositorySession.sameOrigin(REGISTRY, URI.create("https://storage.example/blob")));
    assertFalse(RepositorySession.sameOrigin(REGISTRY, URI.create("https://registry.example:8443/blob")));
  }

  @Test
  void sameOrigin_downgradeToPlainHttp_getsNoCredentials() {
    assertFalse(RepositorySession.sameOrigin(REGISTRY, URI.create("http://registry.example/v2/app/blobs/sha256:1")));
  }
}

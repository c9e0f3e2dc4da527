package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.coracle.cri.v1.VersionRequest;
import dev.coracle.cri.v1.VersionResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Version")
class VersionSpec {

  private final CriEndpoint cri = CriEndpoint.get();

  @Test
  @DisplayName("names the runtime and speaks CRI v1")
  void namesRuntimeAndApi() {
    VersionResponse v = cri.runtime().version(VersionRequest.newBuilder().setVersion("0.1.0").build());
    assertEquals("v1", v.getRuntimeApiVersion());
    assertFalse(v.getRuntimeName().isBlank(), "runtime_name");
    assertFalse(v.getRuntimeVersion().isBlank(), "runtime_version");
    assertEquals("0.1.0", v.getVersion(), "the kubelet runtime API version");
  }

  @Test
  @DisplayName("Coracle extension: runtime_name is coracle")
  void coracleNamesItself() {
    Requirements.coracleOnly(cri);
    assertEquals("coracle", cri.runtime().version(VersionRequest.getDefaultInstance()).getRuntimeName());
  }
}

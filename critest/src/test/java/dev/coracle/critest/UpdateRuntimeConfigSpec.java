package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.cri.v1.NetworkConfig;
import dev.coracle.cri.v1.RuntimeConfig;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.UpdateRuntimeConfigRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("UpdateRuntimeConfig")
class UpdateRuntimeConfigSpec {

  private final CriEndpoint cri = CriEndpoint.get();

  private static UpdateRuntimeConfigRequest podCidr(String cidr) {
    return UpdateRuntimeConfigRequest.newBuilder()
        .setRuntimeConfig(RuntimeConfig.newBuilder().setNetworkConfig(NetworkConfig.newBuilder().setPodCidr(cidr)))
        .build();
  }

  @Test
  @DisplayName("accepts the node's pod CIDR, as kubelet sends it")
  void acceptsPodCidr() {
    assertNotNull(cri.runtime().updateRuntimeConfig(podCidr("198.18.0.0/16")));
  }

  @Test
  @DisplayName("accepts an empty update")
  void acceptsEmptyUpdate() {
    assertNotNull(cri.runtime().updateRuntimeConfig(UpdateRuntimeConfigRequest.getDefaultInstance()));
  }

  @Test
  @DisplayName("Coracle extension: keeps dual-stack pod CIDRs and shows them in verbose status")
  void keepsDualStackCidrs() throws Exception {
    Requirements.coracleOnly(cri);
    cri.runtime().updateRuntimeConfig(podCidr("198.18.0.0/16,fd00:c0ac:1e::/64"));
    String info = cri.runtime().status(StatusRequest.newBuilder().setVerbose(true).build()).getInfoOrThrow("config");
    assertEquals("[\"198.18.0.0/16\",\"fd00:c0ac:1e:0:0:0:0:0/64\"]",
        new ObjectMapper().readTree(info).path("pod_cidrs").toString());
  }

  @Test
  @DisplayName("Coracle extension: a malformed pod CIDR is INVALID_ARGUMENT")
  void refusesMalformedCidr() {
    Requirements.coracleOnly(cri);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> cri.runtime().updateRuntimeConfig(podCidr("198.18.0.0/40")));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e::toString);
  }
}

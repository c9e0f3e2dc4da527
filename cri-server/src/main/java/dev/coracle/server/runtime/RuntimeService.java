package dev.coracle.server.runtime;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.cri.v1.RuntimeConfigRequest;
import dev.coracle.cri.v1.RuntimeConfigResponse;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.StatusResponse;
import dev.coracle.cri.v1.UpdateRuntimeConfigRequest;
import dev.coracle.cri.v1.UpdateRuntimeConfigResponse;
import dev.coracle.cri.v1.VersionRequest;
import dev.coracle.cri.v1.VersionResponse;
import dev.coracle.server.rpc.Unary;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * The CRI RuntimeService: one line per RPC, each handing the request to its handler. RPCs not
 * listed answer {@code UNIMPLEMENTED} with their name until their capability lands.
 */
public final class RuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {

  private final VersionQuery version = new VersionQuery();
  private final StatusQuery status;
  private final RuntimeConfigQuery runtimeConfig;
  private final RuntimeConfigUpdate runtimeConfigUpdate;

  public RuntimeService(PodNetwork network, CgroupDriver cgroupDriver, Supplier<String> verboseInfo) {
    this.status = new StatusQuery(network, verboseInfo);
    this.runtimeConfig = new RuntimeConfigQuery(cgroupDriver);
    this.runtimeConfigUpdate = new RuntimeConfigUpdate(network);
  }

  @Override
  public void version(VersionRequest request, StreamObserver<VersionResponse> response) {
    Unary.answer(response, version.handle(request));
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
    Unary.answer(response, status.handle(request));
  }

  @Override
  public void runtimeConfig(RuntimeConfigRequest request, StreamObserver<RuntimeConfigResponse> response) {
    Unary.answer(response, runtimeConfig.handle(request));
  }

  @Override
  public void updateRuntimeConfig(UpdateRuntimeConfigRequest request,
      StreamObserver<UpdateRuntimeConfigResponse> response) {
    Unary.answer(response, runtimeConfigUpdate.handle(request));
  }
}

package dev.coracle.server.runtime;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.cri.v1.ListPodSandboxRequest;
import dev.coracle.cri.v1.ListPodSandboxResponse;
import dev.coracle.cri.v1.PodSandboxStatusRequest;
import dev.coracle.cri.v1.PodSandboxStatusResponse;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RemovePodSandboxResponse;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxResponse;
import dev.coracle.cri.v1.StopPodSandboxRequest;
import dev.coracle.cri.v1.StopPodSandboxResponse;
import dev.coracle.cri.v1.StreamPodSandboxesRequest;
import dev.coracle.cri.v1.StreamPodSandboxesResponse;
import dev.coracle.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.coracle.cri.v1.UpdatePodSandboxResourcesResponse;
import dev.coracle.cri.v1.RuntimeConfigRequest;
import dev.coracle.cri.v1.RuntimeConfigResponse;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.StatusResponse;
import dev.coracle.cri.v1.UpdateRuntimeConfigRequest;
import dev.coracle.cri.v1.UpdateRuntimeConfigResponse;
import dev.coracle.cri.v1.VersionRequest;
import dev.coracle.cri.v1.VersionResponse;
import dev.coracle.server.LinuxRuntime;
import dev.coracle.server.rpc.Unary;
import dev.coracle.server.sandbox.PodContainers;
import dev.coracle.server.sandbox.SandboxService;
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
  private final SandboxService sandboxes;

  /** @param containers the pods' containers, which stopping and removing a pod stops and removes first */
  public RuntimeService(PodNetwork network, CgroupDriver cgroupDriver, Supplier<String> verboseInfo,
      LinuxRuntime linux, PodContainers containers) {
    this.status = new StatusQuery(network, verboseInfo, linux.handlers());
    this.runtimeConfig = new RuntimeConfigQuery(cgroupDriver);
    this.runtimeConfigUpdate = new RuntimeConfigUpdate(network);
    this.sandboxes = new SandboxService(linux.sandboxes(), containers);
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

  @Override
  public void runPodSandbox(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> response) {
    Unary.answer(response, sandboxes.run(request));
  }

  @Override
  public void stopPodSandbox(StopPodSandboxRequest request, StreamObserver<StopPodSandboxResponse> response) {
    Unary.answer(response, sandboxes.stop(request));
  }

  @Override
  public void removePodSandbox(RemovePodSandboxRequest request, StreamObserver<RemovePodSandboxResponse> response) {
    Unary.answer(response, sandboxes.remove(request));
  }

  @Override
  public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> response) {
    Unary.answer(response, sandboxes.status(request));
  }

  @Override
  public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> response) {
    Unary.answer(response, sandboxes.list(request));
  }

  @Override
  public void streamPodSandboxes(StreamPodSandboxesRequest request,
      StreamObserver<StreamPodSandboxesResponse> response) {
    sandboxes.stream(request, response::onNext);
    response.onCompleted();
  }

  @Override
  public void updatePodSandboxResources(UpdatePodSandboxResourcesRequest request,
      StreamObserver<UpdatePodSandboxResourcesResponse> response) {
    Unary.answer(response, sandboxes.updateResources(request));
  }
}

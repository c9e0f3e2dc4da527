package dev.coracle.server.runtime;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.cri.v1.StreamContainerStatsResponse;
import dev.coracle.cri.v1.StreamContainerStatsRequest;
import dev.coracle.cri.v1.ListContainerStatsResponse;
import dev.coracle.cri.v1.ListContainerStatsRequest;
import dev.coracle.cri.v1.ContainerStatsResponse;
import dev.coracle.cri.v1.ContainerStatsRequest;
import dev.coracle.cri.v1.StreamPodSandboxStatsResponse;
import dev.coracle.cri.v1.StreamPodSandboxStatsRequest;
import dev.coracle.cri.v1.ListPodSandboxStatsResponse;
import dev.coracle.cri.v1.ListPodSandboxStatsRequest;
import dev.coracle.cri.v1.PodSandboxStatsResponse;
import dev.coracle.cri.v1.PodSandboxStatsRequest;
import dev.coracle.cri.v1.ContainerStatusRequest;
import dev.coracle.cri.v1.ContainerStatusResponse;
import dev.coracle.cri.v1.CreateContainerRequest;
import dev.coracle.cri.v1.CreateContainerResponse;
import dev.coracle.cri.v1.ExecSyncRequest;
import dev.coracle.cri.v1.ExecSyncResponse;
import dev.coracle.cri.v1.ListContainersRequest;
import dev.coracle.cri.v1.ListContainersResponse;
import dev.coracle.cri.v1.ListPodSandboxRequest;
import dev.coracle.cri.v1.ListPodSandboxResponse;
import dev.coracle.cri.v1.PodSandboxStatusRequest;
import dev.coracle.cri.v1.PodSandboxStatusResponse;
import dev.coracle.cri.v1.RemoveContainerRequest;
import dev.coracle.cri.v1.RemoveContainerResponse;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RemovePodSandboxResponse;
import dev.coracle.cri.v1.ReopenContainerLogRequest;
import dev.coracle.cri.v1.ReopenContainerLogResponse;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxResponse;
import dev.coracle.cri.v1.RuntimeConfigRequest;
import dev.coracle.cri.v1.RuntimeConfigResponse;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.StartContainerRequest;
import dev.coracle.cri.v1.StartContainerResponse;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.StatusResponse;
import dev.coracle.cri.v1.StopContainerRequest;
import dev.coracle.cri.v1.StopContainerResponse;
import dev.coracle.cri.v1.StopPodSandboxRequest;
import dev.coracle.cri.v1.StopPodSandboxResponse;
import dev.coracle.cri.v1.StreamContainersRequest;
import dev.coracle.cri.v1.StreamContainersResponse;
import dev.coracle.cri.v1.StreamPodSandboxesRequest;
import dev.coracle.cri.v1.StreamPodSandboxesResponse;
import dev.coracle.cri.v1.UpdateContainerResourcesRequest;
import dev.coracle.cri.v1.UpdateContainerResourcesResponse;
import dev.coracle.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.coracle.cri.v1.UpdatePodSandboxResourcesResponse;
import dev.coracle.cri.v1.UpdateRuntimeConfigRequest;
import dev.coracle.cri.v1.UpdateRuntimeConfigResponse;
import dev.coracle.cri.v1.VersionRequest;
import dev.coracle.cri.v1.VersionResponse;
import dev.coracle.server.container.ContainerService;
import dev.coracle.server.rpc.Unary;
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
  private final ContainerService containers;

  public RuntimeService(PodNetwork network, CgroupDriver cgroupDriver, Supplier<String> verboseInfo,
      PodBackend backend) {
    this.status = new StatusQuery(network, verboseInfo, backend.runtimeHandlers());
    this.runtimeConfig = new RuntimeConfigQuery(cgroupDriver);
    this.runtimeConfigUpdate = new RuntimeConfigUpdate(network);
    this.sandboxes = new SandboxService(backend);
    this.containers = new ContainerService(backend);
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

  @Override
  public void createContainer(CreateContainerRequest request, StreamObserver<CreateContainerResponse> response) {
    Unary.answer(response, containers.create(request));
  }

  @Override
  public void startContainer(StartContainerRequest request, StreamObserver<StartContainerResponse> response) {
    Unary.answer(response, containers.start(request));
  }

  @Override
  public void stopContainer(StopContainerRequest request, StreamObserver<StopContainerResponse> response) {
    Unary.answer(response, containers.stop(request));
  }

  @Override
  public void removeContainer(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> response) {
    Unary.answer(response, containers.remove(request));
  }

  @Override
  public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> response) {
    Unary.answer(response, containers.status(request));
  }

  @Override
  public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> response) {
    Unary.answer(response, containers.list(request));
  }

  @Override
  public void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> response) {
    Unary.answer(response, containers.execSync(request));
  }

  @Override
  public void updateContainerResources(UpdateContainerResourcesRequest request, StreamObserver<UpdateContainerResourcesResponse> response) {
    Unary.answer(response, containers.updateResources(request));
  }

  @Override
  public void reopenContainerLog(ReopenContainerLogRequest request, StreamObserver<ReopenContainerLogResponse> response) {
    Unary.answer(response, containers.reopenLog(request));
  }

  @Override
  public void streamContainers(StreamContainersRequest request, StreamObserver<StreamContainersResponse> response) {
    containers.stream(request, response::onNext);
    response.onCompleted();
  }

  @Override
  public void containerStats(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> response) {
    Unary.answer(response, containers.stats(request));
  }

  @Override
  public void listContainerStats(ListContainerStatsRequest request,
      StreamObserver<ListContainerStatsResponse> response) {
    Unary.answer(response, containers.listStats(request));
  }

  @Override
  public void streamContainerStats(StreamContainerStatsRequest request,
      StreamObserver<StreamContainerStatsResponse> response) {
    containers.streamStats(request, response::onNext);
    response.onCompleted();
  }

  @Override
  public void podSandboxStats(PodSandboxStatsRequest request, StreamObserver<PodSandboxStatsResponse> response) {
    Unary.answer(response, sandboxes.stats(request));
  }

  @Override
  public void listPodSandboxStats(ListPodSandboxStatsRequest request,
      StreamObserver<ListPodSandboxStatsResponse> response) {
    Unary.answer(response, sandboxes.listStats(request));
  }

  @Override
  public void streamPodSandboxStats(StreamPodSandboxStatsRequest request,
      StreamObserver<StreamPodSandboxStatsResponse> response) {
    sandboxes.streamStats(request, response::onNext);
    response.onCompleted();
  }
}

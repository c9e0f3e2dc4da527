package dev.coracle.server.container;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.cri.v1.ContainerStatusRequest;
import dev.coracle.cri.v1.ContainerStatusResponse;
import dev.coracle.cri.v1.CreateContainerRequest;
import dev.coracle.cri.v1.CreateContainerResponse;
import dev.coracle.cri.v1.ExecSyncRequest;
import dev.coracle.cri.v1.StreamContainerStatsResponse;
import dev.coracle.cri.v1.StreamContainerStatsRequest;
import dev.coracle.cri.v1.ListContainerStatsResponse;
import dev.coracle.cri.v1.ListContainerStatsRequest;
import dev.coracle.cri.v1.ContainerStatsResponse;
import dev.coracle.cri.v1.ContainerStatsRequest;
import dev.coracle.cri.v1.ExecSyncResponse;
import dev.coracle.cri.v1.ListContainersRequest;
import dev.coracle.cri.v1.ListContainersResponse;
import dev.coracle.cri.v1.RemoveContainerRequest;
import dev.coracle.cri.v1.RemoveContainerResponse;
import dev.coracle.cri.v1.ReopenContainerLogRequest;
import dev.coracle.cri.v1.ReopenContainerLogResponse;
import dev.coracle.cri.v1.StartContainerRequest;
import dev.coracle.cri.v1.StartContainerResponse;
import dev.coracle.cri.v1.StopContainerRequest;
import dev.coracle.cri.v1.StopContainerResponse;
import dev.coracle.cri.v1.StreamContainersRequest;
import dev.coracle.cri.v1.StreamContainersResponse;
import dev.coracle.cri.v1.UpdateContainerResourcesRequest;
import dev.coracle.cri.v1.UpdateContainerResourcesResponse;
import dev.coracle.server.rpc.Chunks;
import java.util.function.Consumer;

/** The container handlers together, for the RuntimeService's one line per RPC. */
public final class ContainerService {

  private final ContainerCreate create;
  private final ContainerLifecycle lifecycle;
  private final ContainerStatusQuery status;
  private final ContainerList list;
  private final ContainerExecSync exec;
  private final ContainerStatsQuery stats;

  public ContainerService(PodBackend backend) {
    this.create = new ContainerCreate(backend);
    this.lifecycle = new ContainerLifecycle(backend);
    this.status = new ContainerStatusQuery(backend);
    this.list = new ContainerList(backend);
    this.exec = new ContainerExecSync(backend);
    this.stats = new ContainerStatsQuery(backend);
  }

  public CreateContainerResponse create(CreateContainerRequest request) {
    return create.handle(request);
  }

  public StartContainerResponse start(StartContainerRequest request) {
    return lifecycle.start(request);
  }

  public StopContainerResponse stop(StopContainerRequest request) {
    return lifecycle.stop(request);
  }

  public RemoveContainerResponse remove(RemoveContainerRequest request) {
    return lifecycle.remove(request);
  }

  public ContainerStatusResponse status(ContainerStatusRequest request) {
    return status.handle(request);
  }

  public ListContainersResponse list(ListContainersRequest request) {
    return ListContainersResponse.newBuilder().addAllContainers(list.list(request.getFilter())).build();
  }

  /** Sends the matching containers in chunks below the message limit. */
  public void stream(StreamContainersRequest request, Consumer<StreamContainersResponse> sink) {
    Chunks.send(list.list(request.getFilter()), c -> c.getSerializedSize(),
        chunk -> sink.accept(StreamContainersResponse.newBuilder().addAllContainers(chunk).build()));
  }

  public ExecSyncResponse execSync(ExecSyncRequest request) {
    return exec.handle(request);
  }

  public UpdateContainerResourcesResponse updateResources(UpdateContainerResourcesRequest request) {
    return lifecycle.update(request);
  }

  public ReopenContainerLogResponse reopenLog(ReopenContainerLogRequest request) {
    return lifecycle.reopenLog(request);
  }

  public ContainerStatsResponse stats(ContainerStatsRequest request) {
    return stats.one(request);
  }

  public ListContainerStatsResponse listStats(ListContainerStatsRequest request) {
    return stats.list(request.getFilter());
  }

  /** Sends the matching containers' stats in chunks below the message limit. */
  public void streamStats(StreamContainerStatsRequest request, Consumer<StreamContainerStatsResponse> sink) {
    Chunks.send(stats.list(request.getFilter()).getStatsList(), c -> c.getSerializedSize(),
        chunk -> sink.accept(StreamContainerStatsResponse.newBuilder().addAllContainerStats(chunk).build()));
  }
}

package dev.coracle.server.sandbox;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.cri.v1.StreamPodSandboxStatsResponse;
import dev.coracle.cri.v1.StreamPodSandboxStatsRequest;
import dev.coracle.cri.v1.ListPodSandboxStatsResponse;
import dev.coracle.cri.v1.ListPodSandboxStatsRequest;
import dev.coracle.cri.v1.PodSandboxStatsResponse;
import dev.coracle.cri.v1.PodSandboxStatsRequest;
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
import dev.coracle.server.rpc.Chunks;
import java.util.function.Consumer;

/** The pod sandbox handlers together, for the RuntimeService's one line per RPC. */
public final class SandboxService {

  private final SandboxRun run;
  private final SandboxStop stop;
  private final SandboxRemove remove;
  private final SandboxStatusQuery status;
  private final SandboxList list;
  private final SandboxResourcesUpdate update;
  private final SandboxStatsQuery stats;

  public SandboxService(PodBackend backend) {
    this.run = new SandboxRun(backend);
    this.stop = new SandboxStop(backend);
    this.remove = new SandboxRemove(backend);
    this.status = new SandboxStatusQuery(backend);
    this.list = new SandboxList(backend);
    this.update = new SandboxResourcesUpdate(backend);
    this.stats = new SandboxStatsQuery(backend);
  }

  public RunPodSandboxResponse run(RunPodSandboxRequest request) {
    return run.handle(request);
  }

  public StopPodSandboxResponse stop(StopPodSandboxRequest request) {
    return stop.handle(request);
  }

  public RemovePodSandboxResponse remove(RemovePodSandboxRequest request) {
    return remove.handle(request);
  }

  public PodSandboxStatusResponse status(PodSandboxStatusRequest request) {
    return status.handle(request);
  }

  public ListPodSandboxResponse list(ListPodSandboxRequest request) {
    return ListPodSandboxResponse.newBuilder().addAllItems(list.list(request.getFilter())).build();
  }

  /** Sends the matching pods in chunks below the message limit. */
  public void stream(StreamPodSandboxesRequest request, Consumer<StreamPodSandboxesResponse> sink) {
    Chunks.send(list.list(request.getFilter()), p -> p.getSerializedSize(),
        chunk -> sink.accept(StreamPodSandboxesResponse.newBuilder().addAllPodSandboxes(chunk).build()));
  }

  public UpdatePodSandboxResourcesResponse updateResources(UpdatePodSandboxResourcesRequest request) {
    return update.handle(request);
  }

  public PodSandboxStatsResponse stats(PodSandboxStatsRequest request) {
    return stats.one(request);
  }

  public ListPodSandboxStatsResponse listStats(ListPodSandboxStatsRequest request) {
    return stats.list(request.getFilter());
  }

  /** Sends the matching pods' stats in chunks below the message limit. */
  public void streamStats(StreamPodSandboxStatsRequest request, Consumer<StreamPodSandboxStatsResponse> sink) {
    Chunks.send(stats.list(request.getFilter()).getStatsList(), p -> p.getSerializedSize(),
        chunk -> sink.accept(StreamPodSandboxStatsResponse.newBuilder().addAllPodSandboxStats(chunk).build()));
  }
}

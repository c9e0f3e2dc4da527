package dev.coracle.server.container;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.cri.v1.RemoveContainerRequest;
import dev.coracle.cri.v1.RemoveContainerResponse;
import dev.coracle.cri.v1.ReopenContainerLogRequest;
import dev.coracle.cri.v1.ReopenContainerLogResponse;
import dev.coracle.cri.v1.StartContainerRequest;
import dev.coracle.cri.v1.StartContainerResponse;
import dev.coracle.cri.v1.StopContainerRequest;
import dev.coracle.cri.v1.StopContainerResponse;
import dev.coracle.cri.v1.UpdateContainerResourcesRequest;
import dev.coracle.cri.v1.UpdateContainerResourcesResponse;
import dev.coracle.server.translate.ContainerTranslator;
import java.time.Duration;

/**
 * The container RPCs that only act on one container by ID: {@code StartContainer},
 * {@code StopContainer}, {@code RemoveContainer}, {@code UpdateContainerResources},
 * {@code ReopenContainerLog}. Each is one call into the manager.
 */
final class ContainerLifecycle {

  private final PodBackend backend;

  ContainerLifecycle(PodBackend backend) {
    this.backend = backend;
  }

  StartContainerResponse start(StartContainerRequest request) {
    backend.startContainer(id(request.getContainerId()));
    return StartContainerResponse.getDefaultInstance();
  }

  /** A negative timeout is taken as zero: kill at once. */
  StopContainerResponse stop(StopContainerRequest request) {
    backend.stopContainer(id(request.getContainerId()), Duration.ofSeconds(Math.max(0, request.getTimeout())));
    return StopContainerResponse.getDefaultInstance();
  }

  RemoveContainerResponse remove(RemoveContainerRequest request) {
    backend.removeContainer(id(request.getContainerId()));
    return RemoveContainerResponse.getDefaultInstance();
  }

  UpdateContainerResourcesResponse update(UpdateContainerResourcesRequest request) {
    backend.updateContainerResources(id(request.getContainerId()), ContainerTranslator.limits(request.getLinux()),
        ContainerTranslator.windowsResources(request.getWindows()));
    return UpdateContainerResourcesResponse.getDefaultInstance();
  }

  ReopenContainerLogResponse reopenLog(ReopenContainerLogRequest request) {
    backend.reopenContainerLog(id(request.getContainerId()));
    return ReopenContainerLogResponse.getDefaultInstance();
  }

  private static String id(String id) {
    if (id.isEmpty()) {
      throw new InvalidArgumentException("container_id is empty");
    }
    return id;
  }
}

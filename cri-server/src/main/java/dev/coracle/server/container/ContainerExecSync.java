package dev.coracle.server.container;

import com.google.protobuf.ByteString;
import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.monitor.ExecResult;
import dev.coracle.cri.v1.ExecSyncRequest;
import dev.coracle.cri.v1.ExecSyncResponse;
import java.time.Duration;

/**
 * {@code ExecSync}: a command in a running container, its output captured (16 MiB per stream at
 * most). A command past its timeout is killed and answered with DEADLINE_EXCEEDED, which is how
 * kubelet tells a probe that timed out.
 */
final class ContainerExecSync {

  private final PodBackend backend;

  ContainerExecSync(PodBackend backend) {
    this.backend = backend;
  }

  ExecSyncResponse handle(ExecSyncRequest request) {
    if (request.getContainerId().isEmpty()) {
      throw new InvalidArgumentException("container_id is empty");
    }
    if (request.getCmdCount() == 0) {
      throw new InvalidArgumentException("cmd is empty");
    }
    ExecResult result = backend.execSync(request.getContainerId(), request.getCmdList(),
        Duration.ofSeconds(Math.max(0, request.getTimeout())));
    return ExecSyncResponse.newBuilder()
        .setStdout(ByteString.copyFrom(result.stdout()))
        .setStderr(ByteString.copyFrom(result.stderr()))
        .setExitCode(result.exitCode())
        .build();
  }
}

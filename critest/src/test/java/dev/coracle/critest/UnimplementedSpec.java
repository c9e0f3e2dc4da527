package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.cri.v1.ExecRequest;
import dev.coracle.cri.v1.ListContainerStatsRequest;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Unimplemented RPCs")
class UnimplementedSpec {

  private final CriEndpoint cri = CriEndpoint.get();

  @Test
  @DisplayName("a method the API does not have is UNIMPLEMENTED")
  void unknownMethod() {
    MethodDescriptor<RunPodSandboxRequest, RunPodSandboxRequest> bogus = MethodDescriptor
        .<RunPodSandboxRequest, RunPodSandboxRequest>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("runtime.v1.RuntimeService/NoSuchMethod")
        .setRequestMarshaller(ProtoUtils.marshaller(RunPodSandboxRequest.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(RunPodSandboxRequest.getDefaultInstance()))
        .build();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
        cri.channel(), bogus, io.grpc.CallOptions.DEFAULT, RunPodSandboxRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
  }

  @Test
  @DisplayName("Coracle extension: RPCs whose capability has not landed answer UNIMPLEMENTED with their name")
  void notYetLanded() {
    Requirements.coracleOnly(cri);
    // A Windows node serves container stats (WindowsPodSpec checks them).
    Requirements.linux(cri);
    // Container stats and the streaming RPCs are the next capabilities to land.
    StatusRuntimeException stats = assertThrows(StatusRuntimeException.class,
        () -> cri.runtime().listContainerStats(ListContainerStatsRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNIMPLEMENTED, stats.getStatus().getCode());
    assertTrue(stats.getStatus().getDescription().contains("ListContainerStats"), stats::toString);
    StatusRuntimeException exec = assertThrows(StatusRuntimeException.class,
        () -> cri.runtime().exec(ExecRequest.newBuilder().setContainerId("x").addCmd("sh").build()));
    assertEquals(Status.Code.UNIMPLEMENTED, exec.getStatus().getCode());
    assertTrue(exec.getStatus().getDescription().contains("Exec"), exec::toString);
  }
}

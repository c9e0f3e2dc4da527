package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.coracle.cri.v1.ListContainersRequest;
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
    // Once the pod specs run against Coracle (critest.pods), these RPCs have landed.
    assumeFalse(Requirements.podsOn(cri), "pods are served: RunPodSandbox and ListContainers have landed");
    StatusRuntimeException run = assertThrows(StatusRuntimeException.class,
        () -> cri.runtime().runPodSandbox(RunPodSandboxRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNIMPLEMENTED, run.getStatus().getCode());
    assertTrue(run.getStatus().getDescription().contains("RunPodSandbox"), run::toString);
    StatusRuntimeException list = assertThrows(StatusRuntimeException.class,
        () -> cri.runtime().listContainers(ListContainersRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNIMPLEMENTED, list.getStatus().getCode());
    assertTrue(list.getStatus().getDescription().contains("ListContainers"), list::toString);
  }
}

package dev.coracle.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.NotFoundException;
import dev.coracle.cri.v1.PodSandboxMetadata;
import dev.coracle.cri.v1.PodSandboxStatusRequest;
import dev.coracle.cri.v1.PodSandboxStatusResponse;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxResponse;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.VersionRequest;
import dev.coracle.cri.v1.VersionResponse;
import dev.coracle.server.metrics.RpcMetrics;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallInterceptorTest {

  /** Handlers that fail the way real ones do: by throwing. */
  private static final class ThrowingService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> response) {
      Unary.answer(response, VersionResponse.newBuilder().setRuntimeName("t").build());
    }

    @Override
    public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> response) {
      throw new NotFoundException("pod sandbox " + request.getPodSandboxId() + " not found");
    }

    @Override
    public void runPodSandbox(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> response) {
      throw new IllegalStateException("bug with a private detail");
    }
  }

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Server server;
  private ManagedChannel channel;
  private RuntimeServiceGrpc.RuntimeServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(new ThrowingService(), new CallInterceptor(new RpcMetrics(registry))))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    stub = RuntimeServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void coreFailure_becomesItsStatusWithTheMessage() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub.podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId("abc").build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    assertEquals("pod sandbox abc not found", e.getStatus().getDescription());
  }

  @Test
  void unexpectedFailure_isInternalAndHidesItsDetail() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub.runPodSandbox(RunPodSandboxRequest.newBuilder()
            .setConfig(dev.coracle.cri.v1.PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("p")))
            .build()));
    assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
    assertTrue(!e.getStatus().getDescription().contains("private detail"), e.getStatus().getDescription());
  }

  @Test
  void unimplementedRpc_namesItself() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub.listPodSandbox(dev.coracle.cri.v1.ListPodSandboxRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("ListPodSandbox"), e.getStatus().getDescription());
  }

  @Test
  void everyCall_isMeasuredByMethodAndCode_andErrorsCounted() throws Exception {
    stub.version(VersionRequest.getDefaultInstance());
    stub.version(VersionRequest.getDefaultInstance());
    assertThrows(StatusRuntimeException.class,
        () -> stub.podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId("x").build()));
    String text = scrape();
    assertTrue(text.contains("coracle_cri_request_duration_seconds_count{code=\"OK\",method=\"Version\"} 2"), text);
    assertTrue(text.contains(
        "coracle_cri_request_duration_seconds_count{code=\"NOT_FOUND\",method=\"PodSandboxStatus\"} 1"), text);
    assertTrue(text.contains("coracle_cri_request_errors_total{code=\"NOT_FOUND\",method=\"PodSandboxStatus\"} 1"), text);
    assertTrue(!text.contains("coracle_cri_request_errors_total{code=\"OK\""), text);
  }

  @Test
  void requestIds_nameTheObjects() {
    assertEquals(" pod_sandbox_id=abc",
        RequestIds.of(PodSandboxStatusRequest.newBuilder().setPodSandboxId("abc").setVerbose(true).build()));
    assertEquals("", RequestIds.of(VersionRequest.getDefaultInstance()));
  }
}

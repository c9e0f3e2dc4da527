package dev.coracle.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.cri.v1.CgroupDriver;
import dev.coracle.cri.v1.ImageServiceGrpc;
import dev.coracle.cri.v1.ListImagesRequest;
import dev.coracle.cri.v1.RuntimeConfigRequest;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.StatusResponse;
import dev.coracle.cri.v1.UpdateRuntimeConfigRequest;
import dev.coracle.cri.v1.VersionRequest;
import dev.coracle.cri.v1.VersionResponse;
import dev.coracle.server.config.ConfigLoader;
import dev.coracle.server.config.CoracleConfig;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon in this JVM, on a real unix socket. */
class DaemonTest {

  @TempDir
  Path dir;

  private Daemon daemon;
  private ManagedChannel channel;

  private CoracleConfig config(String extra) {
    return ConfigLoader.parse("""
        root_dir = "%s"
        state_dir = "%s"
        shutdown_timeout_seconds = 5
        [metrics]
        address = "127.0.0.1:0"
        %s
        """.formatted(dir.resolve("root"), dir.resolve("state"), extra), "test");
  }

  private RuntimeServiceGrpc.RuntimeServiceBlockingStub start(CoracleConfig config, List<ServerServiceDefinition> extra) {
    daemon = Daemon.start(config, extra);
    channel = Grpc.newChannelBuilder("unix://" + daemon.socket(), InsecureChannelCredentials.create())
        .maxInboundMessageSize(32 * 1024 * 1024).build();
    return RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void servesVersionStatusAndRuntimeConfigOnTheSocket() {
    RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime = start(config(""), List.of());
    VersionResponse version = runtime.version(VersionRequest.getDefaultInstance());
    assertEquals("coracle", version.getRuntimeName());
    assertEquals("v1", version.getRuntimeApiVersion());
    StatusResponse status = runtime.status(StatusRequest.getDefaultInstance());
    assertEquals(List.of("RuntimeReady", "NetworkReady"),
        status.getStatus().getConditionsList().stream().map(c -> c.getType()).toList());
    assertTrue(status.getStatus().getConditionsList().stream().allMatch(c -> c.getStatus()));
    assertEquals(CgroupDriver.CGROUPFS,
        runtime.runtimeConfig(RuntimeConfigRequest.getDefaultInstance()).getLinux().getCgroupDriver());
  }

  @Test
  void socketIsOwnerAndGroupOnly() throws Exception {
    start(config(""), List.of());
    assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(daemon.socket())));
    assertEquals("rwx--x--x", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("state"))));
  }

  @Test
  void verboseStatus_carriesConfigAndPodCidrsAsJson() {
    RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime = start(config(""), List.of());
    runtime.updateRuntimeConfig(UpdateRuntimeConfigRequest.newBuilder()
        .setRuntimeConfig(dev.coracle.cri.v1.RuntimeConfig.newBuilder()
            .setNetworkConfig(dev.coracle.cri.v1.NetworkConfig.newBuilder().setPodCidr("198.18.0.0/16")))
        .build());
    String info = runtime.status(StatusRequest.newBuilder().setVerbose(true).build()).getInfoOrThrow("config");
    assertTrue(info.contains("\"listen\":\"" + daemon.socket() + "\""), info);
    assertTrue(info.contains("\"pod_cidrs\":[\"198.18.0.0/16\"]"), info);
    assertTrue(info.contains("\"cgroup_driver\":\"cgroupfs\""), info);
  }

  @Test
  void imageService_isServed_withTheRootDirAsImageFilesystem() {
    start(config(""), List.of());
    ImageServiceGrpc.ImageServiceBlockingStub images = ImageServiceGrpc.newBlockingStub(channel);
    assertEquals(0, images.listImages(ListImagesRequest.getDefaultInstance()).getImagesCount());
    var fs = images.imageFsInfo(dev.coracle.cri.v1.ImageFsInfoRequest.getDefaultInstance()).getImageFilesystems(0);
    assertEquals(dir.resolve("root").toString(), fs.getFsId().getMountpoint());
    assertEquals(0, fs.getUsedBytes().getValue());
  }

  @Test
  void notYetLandedRpcs_areUnimplementedByName() {
    RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime = start(config(""), List.of());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> runtime.listContainerStats(dev.coracle.cri.v1.ListContainerStatsRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("ListContainerStats"), e.toString());
  }

  @Test
  void messagesOver16MiB_areRefused() {
    RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime = start(config(""), List.of());
    String big = "x".repeat(17 * 1024 * 1024);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> runtime.version(VersionRequest.newBuilder().setVersion(big).build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    // Just under the limit passes.
    runtime.version(VersionRequest.newBuilder().setVersion("x".repeat(15 * 1024 * 1024)).build());
  }

  @Test
  void metricsEndpoint_servesLatencyAndErrorsPerMethod() throws Exception {
    RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime = start(config(""), List.of());
    runtime.version(VersionRequest.getDefaultInstance());
    assertThrows(StatusRuntimeException.class,
        () -> runtime.listContainerStats(dev.coracle.cri.v1.ListContainerStatsRequest.getDefaultInstance()));
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.metricsPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    String text = response.body();
    assertTrue(text.contains("coracle_cri_request_duration_seconds_bucket{code=\"OK\",method=\"Version\",le=\"0.5\"}"), text);
    assertTrue(text.contains("coracle_cri_request_errors_total{code=\"UNIMPLEMENTED\",method=\"ListContainerStats\"} 1"), text);
    assertTrue(text.contains("coracle_pod_sandboxes{state=\"ready\"} 0"), text);
    assertTrue(text.contains("coracle_containers{state=\"running\"} 0"), text);
  }

  @Test
  void metricsDisabled_servesNothing() {
    start(config("enabled = false"), List.of());
    assertEquals(-1, daemon.metricsPort());
  }

  @Test
  void close_letsCallsInFlightFinish_refusesNewOnes_andRemovesTheSocket() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MethodDescriptor<VersionRequest, VersionResponse> slow = MethodDescriptor.<VersionRequest, VersionResponse>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("test.Slow/Wait")
        .setRequestMarshaller(ProtoUtils.marshaller(VersionRequest.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(VersionResponse.getDefaultInstance()))
        .build();
    ServerServiceDefinition slowService = ServerServiceDefinition.builder("test.Slow")
        .addMethod(slow, ServerCalls.asyncUnaryCall((request, response) -> {
          entered.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          response.onNext(VersionResponse.newBuilder().setRuntimeName("finished").build());
          response.onCompleted();
        }))
        .build();
    start(config(""), List.of(slowService));
    Path socket = daemon.socket();
    // Own threads: the common pool may have a single worker on a small machine.
    ExecutorService threads = Executors.newFixedThreadPool(2);
    CompletableFuture<VersionResponse> inFlight = CompletableFuture.supplyAsync(() ->
        ClientCalls.blockingUnaryCall(channel, slow, io.grpc.CallOptions.DEFAULT, VersionRequest.getDefaultInstance()),
        threads);
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    CompletableFuture<Void> closing = CompletableFuture.runAsync(daemon::close, threads);
    Thread.sleep(300);
    assertFalse(closing.isDone(), "close waits for the call in flight");
    ManagedChannel late = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
    try {
      assertThrows(StatusRuntimeException.class, () -> RuntimeServiceGrpc.newBlockingStub(late)
          .withDeadlineAfter(2, TimeUnit.SECONDS).version(VersionRequest.getDefaultInstance()));
    } finally {
      late.shutdownNow();
    }
    release.countDown();
    assertEquals("finished", inFlight.get(10, TimeUnit.SECONDS).getRuntimeName());
    closing.get(10, TimeUnit.SECONDS);
    daemon = null;
    threads.shutdown();
    assertFalse(Files.exists(socket), "socket removed");
  }
}

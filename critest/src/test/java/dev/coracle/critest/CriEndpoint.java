package dev.coracle.critest;

import dev.coracle.cri.v1.ImageServiceGrpc;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.VersionRequest;
import dev.coracle.cri.v1.VersionResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import dev.coracle.core.image.testing.WindowsTestImages;
import dev.coracle.core.network.testing.WinBridgeStandIn;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The CRI endpoint under test: {@code -Dcri.endpoint=unix:///path}, or else the freshly built
 * coracle started on a temporary socket (through {@code -Dcoracle.launcher}) for the whole run:
 * a Linux node on its built-in network, or with {@code -Dcritest.platform=windows} a simulated
 * Windows node whose pods reach CNI through the win-bridge stand-in.
 */
public final class CriEndpoint implements AutoCloseable {

  /** kubelet's client limit, each way. */
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private static CriEndpoint shared;

  private final String target;
  private final ManagedChannel channel;
  private final Process daemon;
  private final Path workDir;
  private final VersionResponse version;
  private final WinBridgeStandIn winBridge;

  private CriEndpoint(String target, Process daemon, Path workDir, WinBridgeStandIn winBridge) {
    this.target = target;
    this.winBridge = winBridge;
    this.daemon = daemon;
    this.workDir = workDir;
    this.channel = open(target);
    this.version = awaitVersion();
  }

  /** The endpoint for this run, started on first use and stopped when the JVM ends. */
  public static synchronized CriEndpoint get() {
    if (shared == null) {
      shared = create();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "critest-endpoint-stop"));
    }
    return shared;
  }

  private static CriEndpoint create() {
    String endpoint = System.getProperty("cri.endpoint", "");
    if (!endpoint.isBlank()) {
      return new CriEndpoint(endpoint, null, null, null);
    }
    String launcher = System.getProperty("coracle.launcher", "");
    if (launcher.isBlank() || !Files.isExecutable(Path.of(launcher))) {
      throw new IllegalStateException("no -Dcri.endpoint given and no coracle launcher at \"" + launcher + "\"");
    }
    try {
      Path dir = Files.createTempDirectory("critest-coracle-");
      Path socket = dir.resolve("coracle.sock");
      Path config = dir.resolve("config.toml");
      WinBridgeStandIn winBridge = null;
      if (Requirements.windows()) {
        winBridge = WinBridgeStandIn.create(dir);
        Files.writeString(config, windowsConfig(dir, winBridge));
      } else {
        Files.writeString(config, linuxConfig(dir));
      }
      Process process = new ProcessBuilder(launcher, "--config", config.toString(), "--listen", socket.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("daemon.log").toFile())
          .start();
      return new CriEndpoint("unix://" + socket, process, dir, winBridge);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start coracle", e);
    }
  }

  private static String linuxConfig(Path dir) throws IOException {
    return """
        root_dir = "%s"
        state_dir = "%s"
        log_level = "debug"

        [metrics]
        address = "127.0.0.1:0"

        # The built-in network, on a range of the test network and an empty conf dir.
        [cni]
        conf_dir = "%s"
        default_subnets = ["198.18.%d.0/24"]
        """.formatted(dir.resolve("root"), dir.resolve("state"), Files.createDirectories(dir.resolve("net.d")),
              20 + java.util.concurrent.ThreadLocalRandom.current().nextInt(200));
  }

  /**
   * A Windows node on the recording simulation of a Server 2022 host: no built-in network (a
   * Windows node has none), pods on the win-bridge stand-in, the pause image of the test registry.
   */
  private static String windowsConfig(Path dir, WinBridgeStandIn winBridge) {
    return """
        root_dir = "%s"
        state_dir = "%s"
        log_level = "debug"

        [metrics]
        address = "127.0.0.1:0"

        [windows]
        simulate_host_build = "10.0.%d"
        pause_image = "%s"

        """.formatted(dir.resolve("root"), dir.resolve("state"), WindowsTestImages.LTSC2022,
            WindowsImages.pause().reference()) + winBridge.toml();
  }

  static ManagedChannel open(String target) {
    return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .build();
  }

  private VersionResponse awaitVersion() {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    StatusRuntimeException last = null;
    while (Instant.now().isBefore(deadline)) {
      if (daemon != null && !daemon.isAlive()) {
        throw new IllegalStateException("coracle exited with " + daemon.exitValue() + " before answering; log: "
            + log());
      }
      try {
        return runtime().withDeadlineAfter(2, TimeUnit.SECONDS).version(VersionRequest.getDefaultInstance());
      } catch (StatusRuntimeException e) {
        last = e;
      }
      sleep(50);
    }
    throw new IllegalStateException("no answer to Version from " + target + " within 60 s", last);
  }

  /** The win-bridge stand-in of a simulated Windows node this suite started; empty otherwise. */
  Optional<WinBridgeStandIn> winBridge() {
    return Optional.ofNullable(winBridge);
  }

  public String target() {
    return target;
  }

  public VersionResponse version() {
    return version;
  }

  /** Whether the runtime under test is Coracle: its extension specs run only then. */
  public boolean isCoracle() {
    return "coracle".equals(version.getRuntimeName());
  }

  public RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
    return RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public ImageServiceGrpc.ImageServiceBlockingStub images() {
    return ImageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public ManagedChannel channel() {
    return channel;
  }

  /** The daemon's log when this suite started it, for failure messages. */
  public String log() {
    if (workDir == null) {
      return "(endpoint not started by critest)";
    }
    try {
      return Files.readString(workDir.resolve("daemon.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public synchronized void close() {
    channel.shutdownNow();
    if (daemon != null && daemon.isAlive()) {
      daemon.destroy();
      try {
        if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
          daemon.destroyForcibly();
        }
      } catch (InterruptedException e) {
        daemon.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (workDir != null) {
      deleteTree(workDir);
      deleteBuiltInBridge();
    }
  }

  /** The bridge plugin never deletes the bridge it made: the run's built-in network goes here. */
  private static void deleteBuiltInBridge() {
    try {
      new ProcessBuilder("ip", "link", "delete", "coracle0").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // No ip(8): nothing was made that it could delete either.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort at exit: a temp dir left behind holds no mounts or processes.
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

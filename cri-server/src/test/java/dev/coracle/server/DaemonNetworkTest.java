package dev.coracle.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import dev.coracle.core.cgroups.CgroupManager;
import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestRegistry;
import dev.coracle.cri.v1.ContainerConfig;
import dev.coracle.cri.v1.ContainerMetadata;
import dev.coracle.cri.v1.CreateContainerRequest;
import dev.coracle.cri.v1.ExecSyncRequest;
import dev.coracle.cri.v1.ExecSyncResponse;
import dev.coracle.cri.v1.ImageServiceGrpc;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.LinuxPodSandboxConfig;
import dev.coracle.cri.v1.LinuxSandboxSecurityContext;
import dev.coracle.cri.v1.ListPodSandboxRequest;
import dev.coracle.cri.v1.NamespaceMode;
import dev.coracle.cri.v1.NamespaceOption;
import dev.coracle.cri.v1.PodSandbox;
import dev.coracle.cri.v1.PodSandboxConfig;
import dev.coracle.cri.v1.PodSandboxMetadata;
import dev.coracle.cri.v1.PodSandboxNetworkStatus;
import dev.coracle.cri.v1.PodSandboxStatusRequest;
import dev.coracle.cri.v1.PortMapping;
import dev.coracle.cri.v1.Protocol;
import dev.coracle.cri.v1.PullImageRequest;
import dev.coracle.cri.v1.RemovePodSandboxRequest;
import dev.coracle.cri.v1.RunPodSandboxRequest;
import dev.coracle.cri.v1.RuntimeCondition;
import dev.coracle.cri.v1.RuntimeServiceGrpc;
import dev.coracle.cri.v1.StartContainerRequest;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.server.config.ConfigLoader;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods on a real CNI network (Debian's bridge, host-local and portmap plugins, iptables), through
 * the daemon: addresses, traffic between pods and to the host, host ports, a configuration added
 * while running, a failing plugin, a restart, and no leak after many pods. Traffic stays between
 * this host and the pods' namespaces, on 198.18.0.0/16 and fd00::/8.
 */
class DaemonNetworkTest {

  private static TestRegistry registry;
  private static String image;

  @TempDir
  Path dir;

  private final String parent = "coracle-dnt-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private TestNetwork network;
  private Daemon daemon;
  private ManagedChannel channel;

  @BeforeAll
  static void pushImage() {
    assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/lib/cni/bridge")), "needs root and the CNI plugins");
    registry = TestRegistry.start(TestRegistry.Auth.NONE);
    image = new TestImages(registry).busybox("network/busybox", "1").reference();
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void makeNetwork() throws IOException {
    network = TestNetwork.create(dir);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (daemon != null) {
      for (PodSandbox pod : runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()) {
        runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod.getId()).build());
      }
      stop();
    }
    CgroupManager.forHost(Path.of("/sys/fs/cgroup")).remove(parent);
    network.close();
    assertEquals(0, network.allocated(), "addresses left allocated");
    assertEquals(List.of(), natRulesOf(network.prefix()), "iptables rules left behind");
  }

  private void start(Path... extraBinDirs) {
    daemon = Daemon.start(ConfigLoader.parse("""
        root_dir = "%s"
        state_dir = "%s"
        [metrics]
        enabled = false
        """.formatted(dir.resolve("root"), dir.resolve("state")) + network.toml(extraBinDirs), "test"));
    channel = Grpc.newChannelBuilder("unix://" + daemon.socket(), InsecureChannelCredentials.create()).build();
    ImageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
        .pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(image)).build());
  }

  private void stop() {
    channel.shutdownNow();
    daemon.close();
    daemon = null;
  }

  @Test
  void pods_getAddressesOfTheNetwork_andReachEachOtherAndTheHost() throws Exception {
    start();
    String a = runPod("a");
    String b = runPod("b");
    String ipA = ip(a).getIp();
    assertTrue(ipA.startsWith(network.prefix()) && !ipA.equals(network.gateway()), ipA);
    assertTrue(ip(b).getIp().startsWith(network.prefix()));
    assertTrue(Files.readString(dir.resolve("state/sandboxes").resolve(a).resolve("hosts")).contains(ipA));

    String token = "token-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    container(a, "web", "mkdir -p /tmp/www && echo " + token + " > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www");
    String client = container(b, "client", "sleep 3600");
    assertTrue(execUntil(client, get(ipA, 8080, "/index.html")).contains(token), "pod to pod");

    var host = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(network.gateway(), 0), 0);
    host.createContext("/", exchange -> {
      byte[] body = "from-the-host".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    host.start();
    try {
      assertTrue(execUntil(client, get(network.gateway(), host.getAddress().getPort(), "/")).contains("from-the-host"),
          "pod to host");
    } finally {
      host.stop(0);
    }
  }

  @Test
  void dualStack_bothFamiliesInTheStatus_ipv4First() throws Exception {
    network.write(true, "");
    start();
    PodSandboxNetworkStatus status = ip(runPod("dual"));
    assertTrue(status.getIp().startsWith(network.prefix()), status.toString());
    assertEquals(1, status.getAdditionalIpsCount(), status.toString());
    assertTrue(status.getAdditionalIps(0).getIp().startsWith("fd00:c0:"), status.toString());
  }

  @Test
  void hostPorts_tcpAndUdp_haveNatRulesWhileThePodLives_andNoneAfter() throws Exception {
    start();
    int udpPort = freePort();
    String pod = runPod(config("ports")
        .addPortMappings(PortMapping.newBuilder().setProtocol(Protocol.TCP).setContainerPort(8080).setHostPort(freePort())
            .setHostIp("127.0.0.1"))
        .addPortMappings(PortMapping.newBuilder().setProtocol(Protocol.UDP).setContainerPort(5353).setHostPort(udpPort)));
    String ip = ip(pod).getIp();
    List<String> rules = natRulesOf(ip);
    assertTrue(rules.stream().anyMatch(r -> r.contains("-p tcp") && r.contains(ip + ":8080")), rules.toString());
    assertTrue(rules.stream().anyMatch(r -> r.contains("-p udp") && r.contains(ip + ":5353")), rules.toString());
    assertEquals("echo:ping", udpThroughHostPort(pod, udpPort));
    runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod).build());
    assertEquals(List.of(), natRulesOf(ip));
  }

  /**
   * A datagram to the host port, answered from inside the pod. The test image's busybox has no
   * UDP server, so a small Java one runs in the pod's network namespace (nsenter on its pin).
   */
  private String udpThroughHostPort(String pod, int hostPort) throws Exception {
    Path source = dir.resolve("UdpEcho.java");
    Files.writeString(source, """
        import java.net.*;
        public class UdpEcho {
          public static void main(String[] args) throws Exception {
            try (DatagramSocket socket = new DatagramSocket(5353)) {
              System.out.println("listening");
              DatagramPacket in = new DatagramPacket(new byte[64], 64);
              socket.receive(in);
              byte[] out = ("echo:" + new String(in.getData(), 0, in.getLength())).getBytes();
              socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            }
          }
        }
        """);
    Path pin = dir.resolve("state/sandboxes").resolve(pod).resolve("ns/net");
    java.lang.Process server = new ProcessBuilder("nsenter", "--net=" + pin,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), source.toString())
        .redirectErrorStream(true).start();
    try {
      var lines = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()));
      assertEquals("listening", lines.readLine());
      try (java.net.DatagramSocket client = new java.net.DatagramSocket()) {
        client.setSoTimeout(2000);
        for (int attempt = 0; attempt < 5; attempt++) {
          byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
          client.send(new java.net.DatagramPacket(ping, ping.length, java.net.InetAddress.getByName(network.gateway()),
              hostPort));
          java.net.DatagramPacket answer = new java.net.DatagramPacket(new byte[64], 64);
          try {
            client.receive(answer);
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
          } catch (java.net.SocketTimeoutException e) {
            // Lost or not yet forwarded: try again.
          }
        }
      }
      throw new AssertionError("no UDP answer through host port " + hostPort);
    } finally {
      server.destroyForcibly().waitFor();
    }
  }

  @Test
  void bandwidthAnnotations_becomeTrafficShaping_goneWithThePod() throws Exception {
    network.write(false, ", {\"type\": \"bandwidth\", \"capabilities\": {\"bandwidth\": true}}");
    start();
    String pod = runPod(config("shaped").putAnnotations("kubernetes.io/egress-bandwidth", "3M")
        .putAnnotations("kubernetes.io/ingress-bandwidth", "5M"));
    String qdiscs = command("tc", "qdisc", "show");
    assertTrue(qdiscs.contains("rate 3Mbit") && qdiscs.contains("rate 5Mbit"), qdiscs);
    runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod).build());
    String after = command("tc", "qdisc", "show");
    assertFalse(after.contains("rate 3Mbit") || after.contains("rate 5Mbit"), after);
  }

  @Test
  void configAddedWhileRunning_flipsNetworkReady_withoutARestart() throws Exception {
    Files.delete(network.confDir.resolve("10-test.conflist"));
    start();
    RuntimeCondition notReady = networkReady();
    assertFalse(notReady.getStatus());
    assertFalse(notReady.getReason().isEmpty() || notReady.getMessage().isEmpty(), notReady.toString());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> runPod("early"));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(), e.toString());
    assertEquals(0, runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsCount());
    runPod(config("hostnet").setLinux(linux().setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
        .setNamespaceOptions(NamespaceOption.newBuilder().setNetwork(NamespaceMode.NODE)))));

    network.write(false, "");
    for (int i = 0; i < 100 && !networkReady().getStatus(); i++) {
      Thread.sleep(100);
    }
    assertTrue(networkReady().getStatus(), networkReady().toString());
    assertTrue(ip(runPod("late")).getIp().startsWith(network.prefix()));
  }

  @Test
  void status_ofASpec110Network_asksItsPlugins() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path plugin = bin.resolve("unready");
    Files.writeString(plugin, """
        #!/bin/sh
        cat >/dev/null
        case "$CNI_COMMAND" in
          VERSION) echo '{"cniVersion": "1.1.0", "supportedVersions": ["1.0.0", "1.1.0"]}' ;;
          STATUS) echo '{"cniVersion": "1.1.0", "code": 50, "msg": "waiting for the fabric"}'; exit 1 ;;
          *) exit 0 ;;
        esac
        """);
    Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(network.confDir.resolve("10-test.conflist"),
        "{\"cniVersion\": \"1.1.0\", \"name\": \"status-test\", \"plugins\": [{\"type\": \"unready\"}]}");
    start(bin);
    RuntimeCondition condition = networkReady();
    assertFalse(condition.getStatus(), condition.toString());
    assertTrue(condition.getMessage().contains("waiting for the fabric"), condition.toString());
  }

  @Test
  void failingPlugin_refusesThePodAndUndoesWhatTheOthersDid() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path failer = bin.resolve("failer");
    Files.writeString(failer, """
        #!/bin/sh
        cat >/dev/null
        [ "$CNI_COMMAND" = ADD ] || exit 0
        echo '{"cniVersion": "1.0.0", "code": 111, "msg": "no room at the inn", "details": "test"}'
        exit 1
        """);
    Files.setPosixFilePermissions(failer, PosixFilePermissions.fromString("rwxr-xr-x"));
    network.write(false, ", {\"type\": \"failer\"}");
    start(bin);
    long links = links();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> runPod("refused"));
    assertTrue(e.getStatus().getDescription().contains("no room at the inn"), e.toString());
    assertEquals(0, runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsCount());
    assertEquals(0, network.allocated(), "the bridge plugin's address was freed");
    assertEquals(links, links(), "the pod's veth was removed");
  }

  @Test
  void restart_thenRemove_detachesWithTheConfigTheAttachmentWasMadeWith() throws Exception {
    start();
    String pod = runPod("survivor");
    assertEquals(1, network.allocated());
    stop();
    // The network's config changes while the daemon is away: the attachment's own is used.
    Files.delete(network.confDir.resolve("10-test.conflist"));
    start();
    runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod).build());
    assertEquals(0, network.allocated());
  }

  @Test
  void start_detachesAttachmentsWhosePodIsGone() throws Exception {
    start();
    String pod = runPod("lost");
    assertEquals(1, network.allocated());
    stop();
    // The pod's record is lost (a crash between attaching and recording does the same).
    Files.delete(dir.resolve("state/sandboxes").resolve(pod).resolve("sandbox.json"));
    start();
    assertEquals(0, network.allocated(), "the next daemon detached the pod nobody knows");
    // What else the lost pod held (its infra process, pins, /dev/shm) is this test's to clear.
    command("runc", "--root", dir.resolve("state/runtimes/runc").toString(), "delete", "--force", pod);
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo")).reversed()) {
      String target = line.split(" ")[4];
      if (target.startsWith(dir.resolve("state/sandboxes").resolve(pod).toString())) {
        command("umount", "-l", target);
      }
    }
  }

  @Test
  void builtInNetwork_usesThePodCidrKubeletGave() throws Exception {
    Files.delete(network.confDir.resolve("10-test.conflist"));
    daemon = Daemon.start(ConfigLoader.parse("""
        root_dir = "%s"
        state_dir = "%s"
        [metrics]
        enabled = false
        [cni]
        conf_dir = "%s"
        default_subnets = ["198.18.250.0/24"]
        """.formatted(dir.resolve("root"), dir.resolve("state"), network.confDir), "test"));
    channel = Grpc.newChannelBuilder("unix://" + daemon.socket(), InsecureChannelCredentials.create()).build();
    try {
      runtime().updateRuntimeConfig(dev.coracle.cri.v1.UpdateRuntimeConfigRequest.newBuilder()
          .setRuntimeConfig(dev.coracle.cri.v1.RuntimeConfig.newBuilder().setNetworkConfig(
              dev.coracle.cri.v1.NetworkConfig.newBuilder().setPodCidr(network.subnet)))
          .build());
      assertTrue(networkReady().getMessage().contains(network.subnet), networkReady().toString());
      String pod = runPod("builtin");
      assertTrue(ip(pod).getIp().startsWith(network.prefix()), ip(pod).toString());
      runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod).build());
    } finally {
      command("ip", "link", "delete", "coracle0");
    }
  }

  @Test
  void cycles_fiveHundredRunRemoves_leakNoPinVethAddressOrRule() throws Exception {
    start();
    long links = links();
    for (int i = 0; i < 500; i++) {
      String pod = runPod("cycle");
      runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod).build());
    }
    assertEquals(links, links(), "veths left behind");
    assertEquals(0, network.allocated());
    try (var left = Files.list(dir.resolve("state/sandboxes"))) {
      assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().matches("exits|sockets")).toList());
    }
    // cleanUp() checks the NAT rules and mounts.
  }

  private PodSandboxConfig.Builder config(String name) {
    String unique = name + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    return PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder().setName(unique).setNamespace("test").setUid("uid-" + unique))
        .setLogDirectory(dir.resolve("logs").toString())
        .setLinux(linux());
  }

  private LinuxPodSandboxConfig.Builder linux() {
    return LinuxPodSandboxConfig.newBuilder().setCgroupParent(parent);
  }

  private String runPod(String name) {
    return runPod(config(name));
  }

  private String runPod(PodSandboxConfig.Builder config) {
    return runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build()).getPodSandboxId();
  }

  private String container(String pod, String name, String script) {
    String id = runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(pod)
        .setConfig(ContainerConfig.newBuilder().setMetadata(ContainerMetadata.newBuilder().setName(name))
            .setImage(ImageSpec.newBuilder().setImage(image)).addCommand("sh").addCommand("-c").addCommand(script)
            .setLogPath(name + ".log"))
        .build()).getContainerId();
    runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
    return id;
  }

  /** An HTTP GET from inside a container: Debian's static busybox wget crashes, its nc does not. */
  private static String get(String ip, int port, String path) {
    return "printf 'GET " + path + " HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + ip + " " + port;
  }

  /** The command's stdout once it exits 0 (a server may need a moment to listen). */
  private String execUntil(String container, String script) throws InterruptedException {
    ExecSyncResponse last = null;
    for (int i = 0; i < 50; i++) {
      last = runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(container).addCmd("sh").addCmd("-c")
          .addCmd(script).setTimeout(10).build());
      if (last.getExitCode() == 0) {
        return last.getStdout().toStringUtf8();
      }
      Thread.sleep(200);
    }
    throw new AssertionError(script + " kept failing with " + last.getExitCode() + ": "
        + last.getStdout().toStringUtf8() + last.getStderr().toStringUtf8());
  }

  private PodSandboxNetworkStatus ip(String pod) {
    return runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(pod).build())
        .getStatus().getNetwork();
  }

  private RuntimeCondition networkReady() {
    return runtime().status(StatusRequest.getDefaultInstance()).getStatus().getConditionsList().stream()
        .filter(c -> c.getType().equals("NetworkReady")).findFirst().orElseThrow();
  }

  private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
    return RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** The nat table's rules that mention {@code text}. */
  private static List<String> natRulesOf(String text) throws IOException, InterruptedException {
    return command("iptables-save", "-t", "nat").lines().filter(l -> l.contains(text)).toList();
  }

  private static long links() throws IOException, InterruptedException {
    return command("ip", "-o", "link", "show").lines().filter(l -> !l.contains(" crt")).count();
  }

  private static String command(String... args) throws IOException, InterruptedException {
    java.lang.Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return out;
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException e) {
      return false;
    }
  }
}

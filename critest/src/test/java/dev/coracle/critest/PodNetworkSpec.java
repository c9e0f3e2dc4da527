package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.cri.v1.PodSandboxStatusRequest;
import dev.coracle.cri.v1.PortMapping;
import dev.coracle.cri.v1.Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What kubelet and Services rely on of a pod's network: an IP in the pod's status, the pod's
 * ports reachable at that IP from the node, and host ports. Traffic goes only from this host to
 * pods in namespaces the runtime under test made.
 */
@DisplayName("Pod network")
class PodNetworkSpec extends PodSpecBase {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeEach
  void networkGate() {
    Requirements.network(cri);
  }

  @Test
  @DisplayName("a pod gets an IP of its own, reported by PodSandboxStatus")
  void podIp_inStatus() throws IOException {
    Pods.Pod pod = pods.run("ip");
    InetAddress ip = InetAddress.getByName(podIp(pod));
    assertFalse(ip.isLoopbackAddress() || ip.isAnyLocalAddress(), ip.toString());
  }

  @Test
  @DisplayName("a container's port answers at the pod IP")
  void containerPort_atThePodIp() throws Exception {
    Pods.Pod pod = pods.run("http");
    String token = Pods.unique("token");
    pods.start(pod, pods.shell("httpd", serve(token)));
    assertTrue(awaitBody("http://" + hostPart(podIp(pod)) + ":8080/index.html").contains(token));
  }

  @Test
  @DisplayName("a hostPort on 127.0.0.1 reaches the container port, and goes with the pod")
  void hostPort_onLoopback() throws Exception {
    int hostPort = freePort();
    Pods.Pod pod = pods.run(pods.config("hostport").addPortMappings(PortMapping.newBuilder()
        .setProtocol(Protocol.TCP).setContainerPort(8080).setHostPort(hostPort).setHostIp("127.0.0.1")));
    String token = Pods.unique("token");
    pods.start(pod, pods.shell("httpd", serve(token)));
    assertTrue(awaitBody("http://127.0.0.1:" + hostPort + "/index.html").contains(token));
    pods.close();
    assertThrows(IOException.class, () -> {
      try (Socket socket = new Socket("127.0.0.1", hostPort)) {
        socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
        if (socket.getInputStream().read() < 0) {
          throw new IOException("closed");
        }
      }
    }, "the host port still answers after the pod was removed");
  }

  private String podIp(Pods.Pod pod) {
    String ip = cri.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(pod.id()).build())
        .getStatus().getNetwork().getIp();
    assertFalse(ip.isEmpty(), "the pod has no IP");
    return ip;
  }

  private static String serve(String token) {
    return "mkdir -p /tmp/www && echo " + token + " > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www";
  }

  private static String hostPart(String ip) {
    return ip.contains(":") ? "[" + ip + "]" : ip;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The body of the first successful GET within 30 s (httpd needs a moment to listen). */
  private static String awaitBody(String url) throws InterruptedException {
    IOException last = null;
    for (int i = 0; i < 150; i++) {
      try {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response.body();
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no answer from " + url + ": " + last);
  }
}

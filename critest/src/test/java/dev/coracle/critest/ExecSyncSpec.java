package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.coracle.cri.v1.ContainerState;
import dev.coracle.cri.v1.ExecSyncRequest;
import dev.coracle.cri.v1.ExecSyncResponse;
import dev.coracle.cri.v1.StopContainerRequest;
import dev.coracle.critest.Pods.Pod;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ExecSync")
class ExecSyncSpec extends PodSpecBase {


  private ExecSyncResponse exec(String id, long timeoutSeconds, String... command) {
    return cri.runtime().withDeadlineAfter(2, TimeUnit.MINUTES).execSync(ExecSyncRequest.newBuilder()
        .setContainerId(id).addAllCmd(List.of(command)).setTimeout(timeoutSeconds).build());
  }

  private static String text(ByteString bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("stdout and stderr come back separately, with the command's exit code")
  void execSync_outputAndExitCode() {
    String id = pods.runningContainer("exec");
    ExecSyncResponse response = pods.exec(id, "sh", "-c", "echo to-out; echo to-err >&2; echo more-out; exit 5");
    assertEquals("to-out\nmore-out\n", text(response.getStdout()));
    assertEquals("to-err\n", text(response.getStderr()));
    assertEquals(5, response.getExitCode());
    ExecSyncResponse ok = pods.exec(id, "true");
    assertEquals(0, ok.getExitCode());
    assertEquals("", text(ok.getStdout()));
  }

  @Test
  @DisplayName("output larger than a pipe buffer arrives whole")
  void execSync_largeOutput() {
    String id = pods.runningContainer("exec-large");
    ExecSyncResponse response = pods.exec(id, "sh", "-c", "seq 1 100000");
    String out = text(response.getStdout());
    assertEquals(100_000, out.lines().count());
    assertTrue(out.endsWith("\n100000\n"), () -> out.substring(out.length() - 20));
  }

  @Test
  @DisplayName("the command runs in the container: its filesystem, environment and hostname")
  void execSync_runsInContainer() {
    String id = pods.runningContainer("exec-where");
    pods.sh(id, "echo marker > /tmp/exec-marker");
    assertEquals("marker\n", pods.sh(id, "cat /tmp/exec-marker"));
    assertTrue(pods.sh(id, "cat /proc/1/cmdline").startsWith("sh"), "PID 1 is the container's own process");
  }

  @Test
  @DisplayName("a command that outlives its timeout is killed, and the call is DEADLINE_EXCEEDED (kubelet's probe timeout)")
  void execSync_timeout() {
    String id = pods.runningContainer("exec-timeout");
    // The command records its PID, then waits far longer than the timeout.
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> exec(id, 1, "sh", "-c", "echo $$ > /tmp/exec-pid; exec sleep 600"));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e::toString);
    String pid = pods.sh(id, "cat /tmp/exec-pid").strip();
    Poll.until("the timed-out command " + pid + " to be gone",
        () -> pods.exec(id, "sh", "-c", "test -d /proc/" + pid + " && ! grep -q '^State:.*Z' /proc/" + pid + "/status")
            .getExitCode(),
        code -> code != 0);
    assertEquals(0, pods.exec(id, "true").getExitCode(), "the container still serves execs");
  }

  @Test
  @DisplayName("ExecSync in a stopped container fails")
  void execSync_stoppedContainer() {
    Pod pod = pods.run("exec-stopped");
    String id = pods.start(pod, pods.shell("stopped", Pods.UNTIL_TERM));
    cri.runtime().withDeadlineAfter(2, TimeUnit.MINUTES)
        .stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(30).build());
    assertEquals(ContainerState.CONTAINER_EXITED, pods.status(id).getState());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> pods.exec(id, "true"));
    assertNotEquals(Status.Code.OK, e.getStatus().getCode());
  }

  @Test
  @DisplayName("ExecSync of a command that does not exist fails or exits non-zero")
  void execSync_missingCommand() {
    String id = pods.runningContainer("exec-missing");
    try {
      assertNotEquals(0, pods.exec(id, "/no/such/command").getExitCode());
    } catch (StatusRuntimeException e) {
      assertNotEquals(Status.Code.OK, e.getStatus().getCode());
    }
    assertEquals(0, pods.exec(id, "true").getExitCode(), "the container still serves execs");
  }

  @Test
  @DisplayName("ExecSync in a container that does not exist is NOT_FOUND")
  void execSync_missingContainer() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> pods.exec("f".repeat(64), "true"));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e::toString);
  }
}

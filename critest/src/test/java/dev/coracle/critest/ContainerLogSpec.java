package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.cri.v1.ContainerState;
import dev.coracle.cri.v1.ReopenContainerLogRequest;
import dev.coracle.cri.v1.StopContainerRequest;
import dev.coracle.critest.CriLog.Entry;
import dev.coracle.critest.Pods.Pod;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Container logs")
class ContainerLogSpec extends PodSpecBase {

  /** Prints "line N" every tenth of a second until SIGTERM. */
  private static final String COUNTER = "trap 'exit 0' TERM; i=0; while :; do echo line $i; i=$((i+1)); sleep 0.1; done";


  private void reopen(String id) {
    cri.runtime().reopenContainerLog(ReopenContainerLogRequest.newBuilder().setContainerId(id).build());
  }

  private static int number(String line) {
    return Integer.parseInt(line.substring("line ".length()));
  }

  @Test
  @DisplayName("stdout and stderr lines land in LOG_DIRECTORY/LOG_PATH as 'TIMESTAMP STREAM F LINE'")
  void log_criFormat() {
    Pod pod = pods.run("log");
    pods.start(pod, pods.shell("log", "echo first; echo oops >&2; echo second; echo; echo '  spaced  '; "
        + Pods.UNTIL_TERM));
    Path file = pod.logDirectory().resolve("log.log");
    CriLog log = Poll.until("five lines in " + file, () -> CriLog.read(file), l -> l.entries().size() >= 5);
    assertEquals(List.of("first", "second", "", "  spaced  "), log.lines("stdout"));
    assertEquals(List.of("oops"), log.lines("stderr"));
    assertTrue(log.entries().stream().noneMatch(Entry::partial), log::toString);
    for (String stream : List.of("stdout", "stderr")) {
      List<Entry> entries = log.entries().stream().filter(e -> e.stream().equals(stream)).toList();
      for (int i = 1; i < entries.size(); i++) {
        assertFalse(entries.get(i).time().isBefore(entries.get(i - 1).time()), () -> stream + " in order: " + entries);
      }
    }
  }

  @Test
  @DisplayName("the log of a container that exited holds everything it wrote")
  void log_afterExit() {
    Pod pod = pods.run("log-exit");
    String id = pods.start(pod, pods.shell("exited", "seq 1 500; echo done >&2; exit 1"));
    pods.awaitState(id, ContainerState.CONTAINER_EXITED);
    Path file = pod.logDirectory().resolve("exited.log");
    CriLog log = Poll.until("all lines in " + file, () -> CriLog.read(file), l -> l.lines("stderr").contains("done"));
    assertEquals(500, log.lines("stdout").size());
    assertEquals("500", log.lines("stdout").get(499));
  }

  @Test
  @DisplayName("a line longer than the runtime's buffer may be split into P entries; joined it is the line")
  void log_longLine() {
    Pod pod = pods.run("log-long");
    // 40000 characters, then a newline: longer than the 16 KiB kubelet's runtimes split at.
    String id = pods.start(pod, pods.shell("long", "head -c 40000 /dev/zero | tr '\\0' x; echo; echo after"));
    pods.awaitState(id, ContainerState.CONTAINER_EXITED);
    Path file = pod.logDirectory().resolve("long.log");
    CriLog log = Poll.until("both lines in " + file, () -> CriLog.read(file), l -> l.lines("stdout").contains("after"));
    assertEquals(List.of("x".repeat(40000), "after"), log.lines("stdout"));
  }

  @Test
  @DisplayName("ReopenContainerLog: after the log file is moved away, new lines land in a new file at the log path")
  void reopenContainerLog_afterRotation() throws Exception {
    Pod pod = pods.run("log-reopen");
    String id = pods.start(pod, pods.shell("counter", COUNTER));
    Path file = pod.logDirectory().resolve("counter.log");
    Poll.until("a line in " + file, () -> CriLog.read(file), l -> !l.lines("stdout").isEmpty());
    Path rotated = pod.logDirectory().resolve("counter.log.1");
    Files.move(file, rotated);
    reopen(id);
    CriLog fresh = Poll.until("a line in the reopened " + file, () -> CriLog.read(file),
        l -> !l.lines("stdout").isEmpty());
    List<String> old = CriLog.read(rotated).lines("stdout");
    assertFalse(old.isEmpty());
    int lastOld = number(old.get(old.size() - 1));
    int firstNew = number(fresh.lines("stdout").get(0));
    assertTrue(firstNew > lastOld, () -> "the new file continues the old one: " + lastOld + " then " + firstNew);
    assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(id).getState());
  }

  @Test
  @DisplayName("ReopenContainerLog of a container that is not running fails")
  void reopenContainerLog_stopped() {
    Pod pod = pods.run("log-reopen-stopped");
    String id = pods.start(pod, pods.shell("stopped", Pods.UNTIL_TERM));
    cri.runtime().withDeadlineAfter(2, TimeUnit.MINUTES)
        .stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(30).build());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> reopen(id));
    assertNotEquals(Status.Code.OK, e.getStatus().getCode());
  }
}

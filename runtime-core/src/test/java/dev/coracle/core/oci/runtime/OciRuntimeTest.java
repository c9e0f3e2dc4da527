package dev.coracle.core.oci.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.error.UnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciRuntimeTest {

  private static final String NOT_EXIST = "{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\"2026-01-01T00:00:00Z\"}\n";

  @TempDir
  Path root;

  private final FakeProcessRunner runner = new FakeProcessRunner();

  private OciRuntime runc() {
    return new OciRuntime(OciRuntimeSettings.runc(Path.of("/usr/sbin/runc"), root), runner);
  }

  @Test
  void state_running_isParsed() {
    runner.succeeds("""
        {"ociVersion":"1.0.2-dev","id":"c1","pid":4242,"status":"running","bundle":"/b/c1",
         "rootfs":"/b/c1/rootfs","created":"2026-01-01T00:00:00Z","owner":""}""");

    ContainerState state = runc().state("c1").orElseThrow();

    assertEquals(new ContainerState("c1", ContainerStatus.RUNNING, 4242, Path.of("/b/c1")), state);
    assertEquals(List.of("/usr/sbin/runc", "--root=" + root, "--log-format=json", "state", "c1"), runner.commands.getFirst());
  }

  @Test
  void state_unknownToRunc_isEmpty() {
    runner.fails(NOT_EXIST);

    assertEquals(Optional.empty(), runc().state("c1"));
  }

  @Test
  void state_unknownToCrun_isEmpty() {
    runner.fails("{\"msg\":\"error opening file `" + root + "/c1/status`: No such file or directory\",\"level\":\"error\"}");
    OciRuntime crun = new OciRuntime(OciRuntimeSettings.crun(Path.of("/usr/bin/crun"), root), runner);

    assertEquals(Optional.empty(), crun.state("c1"));
  }

  @Test
  void state_otherFailureOfAKnownContainer_throwsWithTheRuntimesMessage() throws Exception {
    Files.createDirectory(root.resolve("c1"));
    runner.fails("{\"level\":\"error\",\"msg\":\"read state.json: permission denied\"}");

    InternalException e = assertThrows(InternalException.class, () -> runc().state("c1"));

    assertEquals("runc state c1 failed: read state.json: permission denied", e.getMessage());
  }

  @Test
  void list_emptyRoot_isEmpty() {
    runner.succeeds("null\n");

    assertEquals(List.of(), runc().list());
  }

  @Test
  void list_twoContainers_parsesBoth() {
    runner.succeeds("""
        [{"id":"a","pid":1,"status":"created","bundle":"/b/a"},{"id":"b","pid":0,"status":"stopped","bundle":"/b/b"}]""");

    List<ContainerState> states = runc().list();

    assertEquals(List.of(new ContainerState("a", ContainerStatus.CREATED, 1, Path.of("/b/a")),
        new ContainerState("b", ContainerStatus.STOPPED, 0, Path.of("/b/b"))), states);
  }

  @Test
  void kill_all_passesTheFlagAndTheSignalNumber() {
    runc().kill("c1", 15, true);
    runc().kill("c1", 9, false);

    assertEquals(List.of("kill --all c1 15", "kill c1 9"), runner.subcommands());
  }

  @Test
  void kill_stoppedContainer_isFailedPrecondition() {
    runner.fails("time=\"2026-01-01T00:00:00Z\" level=error msg=\"container not running\"\n");

    FailedPreconditionException e = assertThrows(FailedPreconditionException.class, () -> runc().kill("c1", 15, false));

    assertEquals("runc kill c1 failed: container not running", e.getMessage());
  }

  @Test
  void kill_signalOutOfRange_isRejectedBeforeRunningAnything() {
    assertThrows(InvalidArgumentException.class, () -> runc().kill("c1", 0, false));
    assertThrows(InvalidArgumentException.class, () -> runc().kill("c1", 65, false));
    assertTrue(runner.commands.isEmpty());
  }

  @Test
  void start_unknownContainer_isNotFound() {
    runner.fails(NOT_EXIST);

    assertThrows(NotFoundException.class, () -> runc().start("c1"));
  }

  @Test
  void start_stoppedContainer_isFailedPrecondition() {
    runner.fails("{\"level\":\"error\",\"msg\":\"cannot start a container that has stopped\"}");

    assertThrows(FailedPreconditionException.class, () -> runc().start("c1"));
  }

  @Test
  void delete_unknownContainer_succeeds() {
    runner.fails(NOT_EXIST);

    runc().delete("c1", true);

    assertEquals(List.of("delete --force c1"), runner.subcommands());
  }

  @Test
  void delete_runningWithoutForce_throws() {
    runner.fails("{\"level\":\"error\",\"msg\":\"cannot delete container c1 that is not stopped: container is running\"}");

    assertThrows(InternalException.class, () -> runc().delete("c1", false));
  }

  @Test
  void anyCommand_thatHangs_isUnavailable() {
    runner.timesOut();

    UnavailableException e = assertThrows(UnavailableException.class, () -> runc().start("c1"));

    assertEquals("runc start c1 did not finish within 30 s", e.getMessage());
  }

  @Test
  void processes_parsesThePidList() {
    runner.succeeds("[101,102]\n");

    assertEquals(List.of(101L, 102L), runc().processes("c1"));
  }

  @Test
  void checkId_optionLikeOrDottedOrEmpty_isRejected() {
    for (String id : new String[] {"", "-rf", "a.b", "a/b", "x".repeat(129), "a b"}) {
      assertThrows(InvalidArgumentException.class, () -> OciRuntime.checkId(id), id);
    }
    assertEquals("coracle-test-1_a+b", OciRuntime.checkId("coracle-test-1_a+b"));
  }

  @Test
  void globalArgs_systemdCgroup_addsTheFlag() {
    OciRuntimeSettings settings = OciRuntimeSettings.runc(Path.of("/usr/sbin/runc"), Path.of("/run/coracle/runc"));

    assertEquals(List.of("--root=/run/coracle/runc", "--log-format=json"), settings.globalArgs());
    assertEquals(List.of("--root=/run/coracle/runc", "--log-format=json", "--systemd-cgroup"),
        settings.withSystemdCgroup(true).globalArgs());
  }
}

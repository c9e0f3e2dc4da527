package dev.coracle.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.error.AlreadyExistsException;
import dev.coracle.core.error.DeadlineExceededException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.monitor.CriLogReader;
import dev.coracle.core.monitor.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container lifecycle against real runc, conmon and overlayfs, as root. */
class ContainerManagerTest {

  @TempDir
  Path dir;

  private ContainerHost host;
  private ContainerManager manager;

  @BeforeEach
  void setUp() throws Exception {
    host = ContainerHost.open(dir);
    manager = host.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (manager != null) {
      for (ContainerRecord record : manager.list()) {
        manager.remove(record.id());
      }
      manager.close();
    }
    if (host != null) {
      host.close();
    }
  }

  @Test
  void lifecycle_createStartExecStopRemove_leavesNothingBehind() throws Exception {
    String id = manager.create(host.sandboxId, ContainerHost.config("web",
        "sh", "-c", "trap 'echo bye; exit 0' TERM; echo hello; while :; do sleep 0.1; done"));
    ContainerRecord created = manager.status(id);
    assertEquals(ContainerState.CREATED, created.state());
    assertTrue(created.status().pid() > 0);
    assertTrue(created.createdAtNanos() > 0);

    manager.start(id);
    ContainerRecord running = manager.status(id);
    assertEquals(ContainerState.RUNNING, running.state());
    assertTrue(running.status().startedAtNanos() >= running.createdAtNanos());

    ExecResult exec = manager.execSync(id, List.of("sh", "-c", "echo out; echo err >&2; exit 7"), Duration.ofSeconds(10));
    assertEquals(7, exec.exitCode());
    assertEquals("out\n", exec.stdoutText());
    assertEquals("err\n", exec.stderrText());

    manager.stop(id, Duration.ofSeconds(10));
    ContainerRecord exited = manager.status(id);
    assertEquals(ContainerState.EXITED, exited.state());
    assertEquals(0, exited.status().exitCode());
    assertEquals("Completed", exited.status().reason());
    assertTrue(exited.status().finishedAtNanos() >= exited.status().startedAtNanos());
    List<String> lines = CriLogReader.read(Path.of(exited.logPath())).stream().map(e -> e.text()).toList();
    assertEquals(List.of("hello", "bye"), lines);
    assertEquals(host.logDir.resolve("web.log").toString(), exited.logPath());

    manager.remove(id);
    assertThrows(NotFoundException.class, () -> manager.status(id));
    assertFalse(Files.exists(host.parts.stateDir().resolve("containers").resolve(id)));
    assertTrue(ContainerHost.conmonsOf(dir).isEmpty(), "conmon outlived its removed container");
    manager.remove(id); // removing twice is fine
  }

  @Test
  void exit_byItself_isSeenWithItsCodeAndReasonError() throws Exception {
    String id = manager.create(host.sandboxId, ContainerHost.config("quits", "sh", "-c", "exit 3"));
    manager.start(id);
    ContainerRecord record = awaitExited(id);
    assertEquals(3, record.status().exitCode());
    assertEquals("Error", record.status().reason());
  }

  @Test
  void stop_processIgnoringItsStopSignal_isKilledAfterTheTimeout() throws Exception {
    // PID 1 ignores signals it has no handler for: sleep dies only of SIGKILL.
    String id = manager.create(host.sandboxId, ContainerHost.config("stubborn", "sleep", "1000"));
    manager.start(id);
    manager.stop(id, Duration.ofSeconds(1));
    ContainerRecord record = manager.status(id);
    assertEquals(ContainerState.EXITED, record.state());
    assertEquals(137, record.status().exitCode());
    manager.stop(id, Duration.ofSeconds(1)); // stopping an exited container is fine
  }

  @Test
  void stop_withTheConfiguredStopSignal_letsTheProcessEndItsOwnWay() throws Exception {
    ContainerConfig base = ContainerHost.config("usr1", "sh", "-c",
        "trap 'exit 9' USR1; trap 'exit 1' TERM; while :; do sleep 0.1; done");
    ContainerConfig config = new ContainerConfig(base.name(), 0, base.image(), base.command(), List.of(), "",
        List.of(), List.of(), List.of(), Map.of(), Map.of(), "usr1.log", false, false, false, null, null, null,
        "SIGUSR1");
    String id = manager.create(host.sandboxId, config);
    manager.start(id);
    manager.stop(id, Duration.ofSeconds(10));
    assertEquals(9, manager.status(id).status().exitCode());
    assertEquals("SIGUSR1", manager.status(id).stopSignal());
  }

  @Test
  void create_imageVolumeWithSubPath_isMountedReadOnlyAndRemovedWithTheContainer() throws Exception {
    ContainerConfig base = ContainerHost.config("vol", "sleep", "1000");
    ContainerConfig config = new ContainerConfig(base.name(), 0, base.image(), base.command(), List.of(), "",
        List.of(), List.of(new ContainerConfig.MountRequest("/img", "", true, false, false, null,
            ContainerHost.IMAGE, "etc")), List.of(), Map.of(), Map.of(), "vol.log", false, false, false, null, null,
        null, "");
    String id = manager.create(host.sandboxId, config);
    manager.start(id);
    assertTrue(manager.execSync(id, List.of("cat", "/img/passwd"), Duration.ofSeconds(10)).stdoutText()
        .contains("app:x:1000"));
    ExecResult write = manager.execSync(id, List.of("touch", "/img/new"), Duration.ofSeconds(10));
    assertTrue(write.exitCode() != 0 && write.stderrText().contains("Read-only"), write.stderrText());
    manager.remove(id);
    // host.close() fails the test if the volume's mount outlived the container.
  }

  @Test
  void stop_createdContainerNeverStarted_endsItExited() throws Exception {
    String id = manager.create(host.sandboxId, ContainerHost.config("idle", "sleep", "1000"));
    manager.stop(id, Duration.ofSeconds(5));
    assertEquals(ContainerState.EXITED, manager.status(id).state());
  }

  @Test
  void execSync_pastItsTimeout_isDeadlineExceededAndTheCommandIsKilled() throws Exception {
    String id = manager.create(host.sandboxId, ContainerHost.config("slow", "sleep", "1000"));
    manager.start(id);
    assertThrows(DeadlineExceededException.class,
        () -> manager.execSync(id, List.of("sh", "-c", "touch /tmp/started; sleep 30"), Duration.ofSeconds(1)));
    ExecResult ps = manager.execSync(id, List.of("ps"), Duration.ofSeconds(10));
    assertFalse(ps.stdoutText().contains("sleep 30"), ps.stdoutText());
  }

  @Test
  void execSync_inAnExitedContainer_isFailedPrecondition() throws Exception {
    String id = manager.create(host.sandboxId, ContainerHost.config("done", "true"));
    manager.start(id);
    awaitExited(id);
    assertThrows(FailedPreconditionException.class, () -> manager.execSync(id, List.of("true"), Duration.ZERO));
  }

  @Test
  void oom_containerOverItsMemoryLimit_isOomKilled() throws Exception {
    ContainerConfig base = ContainerHost.config("hog", "sh", "-c", "x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done");
    ContainerConfig config = new ContainerConfig(base.name(), 0, base.image(), base.command(), List.of(), "",
        List.of(), List.of(), List.of(), Map.of(), Map.of(), "hog.log", false, false, false,
        new CgroupLimits(null, null, null, null, null, 32L << 20, null, Map.of(), Map.of()), null, null, "");
    String id = manager.create(host.sandboxId, config);
    manager.start(id);
    ContainerRecord record = awaitExited(id);
    assertEquals("OOMKilled", record.status().reason());
    assertEquals(137, record.status().exitCode());
  }

  @Test
  void updateResources_newMemoryLimit_reachesTheCgroupAndTheRecord() throws Exception {
    String id = manager.create(host.sandboxId, ContainerHost.config("grow", "sleep", "1000"));
    manager.start(id);
    manager.updateResources(id, new CgroupLimits(null, null, null, null, null, 48L << 20, null, Map.of(), Map.of()));
    ContainerRecord record = manager.status(id);
    assertEquals(48L << 20, record.status().resources().memoryLimitBytes());
    Path limit = ContainerHost.CGROUP_ROOT.resolve("memory").resolve(record.cgroup().substring(1))
        .resolve("memory.limit_in_bytes");
    assertEquals(Long.toString(48L << 20), Files.readString(limit).strip());
    ExecResult inside = manager.execSync(id, List.of("cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes"),
        Duration.ofSeconds(10));
    assertEquals(Long.toString(48L << 20), inside.stdoutText().strip());
  }

  @Test
  void reopenLog_afterTheFileWasMovedAway_writesANewFile() throws Exception {
    String id = manager.create(host.sandboxId, ContainerHost.config("chatty",
        "sh", "-c", "echo one; while [ ! -e /tmp/go ]; do sleep 0.05; done; echo two; sleep 1000"));
    manager.start(id);
    Path log = Path.of(manager.status(id).logPath());
    awaitLine(log, "one");
    Files.move(log, log.resolveSibling("chatty.log.1"));
    manager.reopenLog(id);
    manager.execSync(id, List.of("touch", "/tmp/go"), Duration.ofSeconds(10));
    awaitLine(log, "two");
    assertEquals(List.of("two"), CriLogReader.read(log).stream().map(e -> e.text()).toList());
  }

  @Test
  void create_missingImageOrPod_isNotFoundAndLeavesNothing() throws Exception {
    ContainerConfig base = ContainerHost.config("lost", "true");
    ContainerConfig noImage = new ContainerConfig("lost", 0, "nosuch:1", List.of("true"), List.of(), "", List.of(),
        List.of(), List.of(), Map.of(), Map.of(), "", false, false, false, null, null, null, "");
    assertThrows(NotFoundException.class, () -> manager.create(host.sandboxId, noImage));
    assertThrows(NotFoundException.class, () -> manager.create("f".repeat(64), base));
    host.stopPod();
    assertThrows(FailedPreconditionException.class, () -> manager.create(host.sandboxId, base));
    assertTrue(manager.list().isEmpty());
  }

  @Test
  void create_runtimeRefusesTheCommand_rollsBackSoTheNameIsFreeAgain() throws Exception {
    ContainerConfig bad = ContainerHost.config("retry", "/no/such/program");
    FailedPreconditionException e = assertThrows(FailedPreconditionException.class,
        () -> manager.create(host.sandboxId, bad));
    assertTrue(e.getMessage().contains("/no/such/program"), e.getMessage());
    assertTrue(manager.list().isEmpty());
    String id = manager.create(host.sandboxId, ContainerHost.config("retry", "true"));
    assertEquals(ContainerState.CREATED, manager.status(id).state());
  }

  @Test
  void create_sameNameAndAttemptTwice_isAlreadyExists() throws Exception {
    manager.create(host.sandboxId, ContainerHost.config("twin", "true"));
    assertThrows(AlreadyExistsException.class, () -> manager.create(host.sandboxId, ContainerHost.config("twin", "true")));
  }

  @Test
  void restart_findsEveryContainerWithItsTrueStateIncludingExitsWhileAway() throws Exception {
    String running = manager.create(host.sandboxId, ContainerHost.config("keeps", "sleep", "1000"));
    manager.start(running);
    String dies = manager.create(host.sandboxId, ContainerHost.config("dies", "sh", "-c",
        "while [ ! -e /tmp/die ]; do sleep 0.05; done; exit 42"));
    manager.start(dies);
    String created = manager.create(host.sandboxId, ContainerHost.config("waits", "true"));
    long pid = manager.status(running).status().pid();
    manager.close();

    // While no daemon watches: one container exits.
    Files.createFile(Path.of(manager.status(dies).rootfs()).resolve("tmp/die"));
    awaitExitFile(dies);

    manager = host.open();
    assertEquals(ContainerState.RUNNING, manager.status(running).state());
    assertEquals(pid, manager.status(running).status().pid());
    assertTrue(ProcessHandle.of(pid).isPresent(), "the running container was touched");
    ContainerRecord exited = manager.status(dies);
    assertEquals(ContainerState.EXITED, exited.state());
    assertEquals(42, exited.status().exitCode());
    assertEquals(ContainerState.CREATED, manager.status(created).state());
    manager.start(created);
    assertEquals(0, awaitExited(created).status().exitCode());
  }

  @Test
  void concurrent_twentyContainersCreatedAndStartedAtOnce_allRun() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String name = "c" + i;
        Callable<String> run = () -> {
          String id = manager.create(host.sandboxId, ContainerHost.config(name, "sleep", "1000"));
          manager.start(id);
          return id;
        };
        ids.add(pool.submit(run));
      }
      for (Future<String> id : ids) {
        assertEquals(ContainerState.RUNNING, manager.status(id.get()).state());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void cycles_twoHundredCreateRemoves_leaveNoMountCgroupOrProcess() throws Exception {
    for (int i = 0; i < 200; i++) {
      String id = manager.create(host.sandboxId, ContainerHost.config("cycle", "sleep", "1000"));
      if (i % 2 == 0) {
        manager.start(id);
      }
      manager.remove(id);
    }
    assertTrue(manager.list().isEmpty());
    assertTrue(ContainerHost.conmonsOf(dir).isEmpty());
    // host.close() (after each test) fails on any mount, cgroup or runtime container left.
  }

  private ContainerRecord awaitExited(String id) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      ContainerRecord record = manager.status(id);
      if (record.state() == ContainerState.EXITED) {
        return record;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("container " + id + " did not exit within 20 s");
  }

  private void awaitExitFile(String id) throws InterruptedException {
    Path file = host.parts.stateDir().resolve("exits").resolve(id);
    for (int i = 0; i < 1000 && !Files.exists(file); i++) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(file), "conmon wrote no exit file for " + id);
  }

  private static void awaitLine(Path log, String text) throws Exception {
    for (int i = 0; i < 1000; i++) {
      if (Files.exists(log) && CriLogReader.read(log).stream().anyMatch(e -> e.text().equals(text))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no line \"" + text + "\" in " + log);
  }
}

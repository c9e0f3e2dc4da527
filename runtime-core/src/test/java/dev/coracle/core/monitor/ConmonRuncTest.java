package dev.coracle.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.oci.runtime.ContainerState;
import dev.coracle.core.oci.runtime.ContainerStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers run by real runc 1.1 under real conmon 2.1, as root; nothing stands in. */
class ConmonRuncTest {

  @TempDir
  Path dir;

  private RuncHost host;
  private ExitWatcher watcher;
  private final BlockingQueue<ContainerExit> exits = new LinkedBlockingQueue<>();

  @BeforeEach
  void open() throws Exception {
    host = RuncHost.open(dir);
    watcher = ExitWatcher.start(host.exitDir, exits::add);
  }

  @AfterEach
  void close() throws Exception {
    if (watcher != null) {
      watcher.close();
    }
    if (host != null) {
      host.close();
    }
  }

  private ContainerExit nextExit(Duration wait) throws InterruptedException {
    ContainerExit exit = exits.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(exit, "no exit reported within " + wait);
    return exit;
  }

  @Test
  void create_echo_logsTheLineInCriFormat_andItsExitZeroIsReportedWithinASecond() throws Exception {
    String id = host.newId("echo");
    ContainerLaunch launch = host.launch(id, "echo", "hello from coracle");

    CreatedContainer created = host.conmon.create(launch);

    ContainerState state = host.runtime.state(id).orElseThrow();
    assertEquals(ContainerStatus.CREATED, state.status());
    assertEquals(created.pid(), state.pid());
    assertEquals(launch.bundle(), state.bundle());
    Instant started = Instant.now();
    host.runtime.start(id);
    ContainerExit exit = nextExit(Duration.ofSeconds(1));
    assertEquals(new ContainerExit(id, 0, exit.exitTime()), exit);
    assertTrue(!exit.exitTime().isBefore(started.minusSeconds(1)), exit.exitTime() + " vs " + started);
    assertEquals("0", Files.readString(launch.exitFile()));
    List<CriLogEntry> log = CriLogReader.read(launch.logPath());
    assertEquals(1, log.size(), log.toString());
    assertEquals(LogStream.STDOUT, log.getFirst().stream());
    assertEquals("hello from coracle", log.getFirst().text());
    assertTrue(Files.readString(launch.logPath()).matches(
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}(Z|[+-]\\d\\d:\\d\\d) stdout F hello from coracle\n"));
    assertTrue(Procs.awaitExit(created.conmonPid(), Duration.ofSeconds(5)), "conmon ends with its container");
  }

  @Test
  void exitCode3_isReportedAs3() throws Exception {
    String id = host.newId("exit3");
    host.run(id, "sh", "-c", "echo bye >&2; exit 3");

    assertEquals(3, nextExit(Duration.ofSeconds(2)).exitCode());
    List<CriLogEntry> log = CriLogReader.read(host.launch(id, host.dir.resolve("bundles").resolve(id)).logPath());
    assertEquals(LogStream.STDERR, log.getFirst().stream());
    assertEquals("bye", log.getFirst().text());
  }

  @Test
  void longRunning_runsWithThePidConmonReported_sigtermEndsItWith143_deleteForgetsIt() throws Exception {
    String id = host.newId("sleep");
    CreatedContainer created = host.run(id, "/bin/catatonit", "--", "sleep", "1000");

    ContainerState state = host.runtime.state(id).orElseThrow();
    assertEquals(ContainerStatus.RUNNING, state.status());
    assertEquals(created.pid(), state.pid());
    assertTrue(host.runtime.processes(id).contains(created.pid()));
    long[] conmonParentAndSession = RuncHost.parentAndSession(created.conmonPid());
    assertNotEquals(ProcessHandle.current().pid(), conmonParentAndSession[0], "conmon is not this JVM's child");
    assertEquals(created.conmonPid(), conmonParentAndSession[1], "conmon leads its own session");

    host.runtime.kill(id, 15, false);

    assertEquals(143, nextExit(Duration.ofSeconds(2)).exitCode());
    assertEquals(ContainerStatus.STOPPED, host.runtime.state(id).orElseThrow().status());
    host.runtime.delete(id, false);
    assertEquals(Optional.empty(), host.runtime.state(id));
    assertTrue(Procs.awaitExit(created.conmonPid(), Duration.ofSeconds(5)));
  }

  @Test
  void sleepAsInit_ignoresSigterm_soStoppingNeedsSigkill() throws Exception {
    // The kernel drops signals an init process has no handler for, even from outside its
    // namespace: a bare `sleep` as PID 1 survives SIGTERM, and StopContainer must escalate.
    String id = host.newId("init");
    host.run(id, "sleep", "1000");

    host.runtime.kill(id, 15, false);
    Thread.sleep(300);
    assertEquals(ContainerStatus.RUNNING, host.runtime.state(id).orElseThrow().status());
    host.runtime.kill(id, 9, false);

    assertEquals(137, nextExit(Duration.ofSeconds(2)).exitCode());
  }

  @Test
  void create_missingBinary_failsWithRuncsMessage_andLeavesNothingBehind() throws Exception {
    String id = host.newId("nope");
    ContainerLaunch launch = host.launch(id, "/bin/nope");

    FailedPreconditionException e = assertThrows(FailedPreconditionException.class, () -> host.conmon.create(launch));

    assertTrue(e.getMessage().startsWith("cannot create container " + id + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("exec: \"/bin/nope\": stat /bin/nope: no such file or directory"), e.getMessage());
    assertEquals(List.of(), host.runtime.list());
    assertEquals(List.of(), RuncHost.liveConmons(id));
    assertTrue(Files.notExists(launch.socketDir().resolve(id), LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.notExists(RuncHost.CGROUP_ROOT.resolve("memory").resolve(RuncHost.CGROUP_PARENT).resolve(id)));
    assertEquals(Optional.empty(), ExitWatcher.read(host.exitDir, id));
  }

  @Test
  void create_conmonCgroup_conmonRunsThere() throws Exception {
    String id = host.newId("cg");
    String cgroup = host.newCgroup("conmon-" + id);

    CreatedContainer created = host.conmon.create(host.launch(id, "/bin/catatonit", "--", "sleep", "1000")
        .withConmonCgroup(cgroup));

    List<String> memberships = Files.readAllLines(Path.of("/proc", Long.toString(created.conmonPid()), "cgroup"));
    assertTrue(memberships.stream().anyMatch(line -> line.endsWith(":memory:/" + cgroup)), memberships.toString());
    assertTrue(memberships.stream().anyMatch(line -> line.endsWith(":pids:/" + cgroup)), memberships.toString());
    host.runtime.delete(id, true);
    assertTrue(Procs.awaitExit(created.conmonPid(), Duration.ofSeconds(5)), "conmon leaves the cgroup empty");
  }

  @Test
  void conmon_outlivesTheJvmThatStartedIt_andStillRecordsTheExit() throws Exception {
    String id = host.newId("orphan");
    ContainerLaunch launch = host.launch(id, "/bin/catatonit", "--", "sleep", "1000");
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, ConmonChild.class.getName(), host.conmonBinary.toString(), host.runcBinary.toString(),
        host.settings.root().toString(), id, launch.bundle().toString(), launch.logPath().toString(),
        launch.exitDir().toString(), launch.persistDir().toString(), launch.socketDir().toString())
        .redirectError(dir.resolve("child.err").toFile())
        .start();
    long pid;
    long conmonPid;
    try {
      String line = CompletableFuture.supplyAsync(() -> readLine(child)).get(30, TimeUnit.SECONDS);
      assertNotNull(line, () -> "the child JVM printed nothing: " + read(dir.resolve("child.err")));
      pid = Long.parseLong(line.split(" ")[0]);
      conmonPid = Long.parseLong(line.split(" ")[1]);
    } finally {
      child.destroyForcibly().waitFor();
    }

    assertTrue(Procs.isAlive(conmonPid), "conmon survives the SIGKILL of the JVM that started it");
    assertNotEquals(child.pid(), RuncHost.parentAndSession(conmonPid)[0]);
    ContainerState state = host.runtime.state(id).orElseThrow();
    assertEquals(ContainerStatus.RUNNING, state.status());
    assertEquals(pid, state.pid());
    host.runtime.kill(id, 15, false);
    assertEquals(new ContainerExit(id, 143, nextExit(Duration.ofSeconds(2)).exitTime()),
        ExitWatcher.read(host.exitDir, id).orElseThrow());
  }

  private static String readLine(Process process) {
    try {
      return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}

package dev.coracle.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.oci.runtime.FakeProcess;
import dev.coracle.core.oci.runtime.FakeProcessRunner;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConmonTest {

  @TempDir
  Path dir;

  private final FakeProcessRunner runner = new FakeProcessRunner();
  private ContainerLaunch launch;

  @BeforeEach
  void bundle() throws IOException {
    Files.createDirectories(dir.resolve("bundle"));
    Files.writeString(dir.resolve("bundle/config.json"), "{}");
    launch = ContainerLaunch.of("c1", dir.resolve("bundle"), OciRuntimeSettings.runc(Path.of("/usr/sbin/runc"),
        Path.of("/run/r")), dir.resolve("logs/c1.log"), dir.resolve("exits"), dir.resolve("persist"), dir.resolve("sock"));
  }

  private Conmon conmon(ConmonCgroup cgroup) {
    return new Conmon(Path.of("/usr/bin/conmon"), runner, cgroup, Duration.ofSeconds(5));
  }

  /**
   * What conmon does as it starts: the first process leaves the detached one's PID, which then
   * writes {@code messages} to the sync FIFO (the wrapper's first argument) and exits.
   */
  private Consumer<List<String>> conmonSays(String messages, long conmonPid) {
    return command -> {
      try {
        Files.writeString(launch.conmonPidFile(), Long.toString(conmonPid));
        Files.writeString(Path.of(command.get(3)), messages);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** The first conmon process: the wrapping shell said it holds the FIFOs, then it exited. */
  private static FakeProcess firstConmon(String stderr, int exitCode) {
    return new FakeProcess("ready\n", stderr, exitCode);
  }

  private List<String> pipeDirectoriesLeft() {
    try (var files = Files.list(launch.persistDir())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".conmon-pipes-"))
          .map(n -> n.substring(0, ".conmon-pipes-".length())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void arguments_defaults() {
    List<String> args = conmon(ConmonCgroup.NONE).arguments(launch);

    assertEquals(List.of("/usr/bin/conmon", "--api-version", "1", "--cid", "c1", "--cuuid", "c1",
        "--runtime", "/usr/sbin/runc", "--bundle", dir + "/bundle",
        "--container-pidfile", dir + "/persist/pid", "--conmon-pidfile", dir + "/persist/conmon.pid",
        "--log-path", "k8s-file:" + dir + "/logs/c1.log", "--exit-dir", dir + "/exits",
        "--persist-dir", dir + "/persist", "--socket-dir-path", dir + "/sock",
        "--runtime-arg", "--root=/run/r", "--runtime-arg", "--log-format=json"), args);
  }

  @Test
  void arguments_stdinKeptOpenAcrossAttaches_terminal_logLimit_systemd() {
    ContainerLaunch full = launch.withStdin(true, false).withTerminal(true).withLogSizeMax(1 << 20);
    full = new ContainerLaunch(full.id(), full.bundle(), full.runtime().withSystemdCgroup(true), full.logPath(),
        full.exitDir(), full.persistDir(), full.socketDir(), full.pidFile(), full.conmonPidFile(), full.logSizeMax(),
        full.stdin(), full.stdinOnce(), full.terminal(), full.conmonCgroup());

    String args = String.join(" ", conmon(ConmonCgroup.NONE).arguments(full));

    assertTrue(args.contains(" --log-size-max 1048576 --stdin --leave-stdin-open --terminal --systemd-cgroup "
        + "--runtime-arg --root=/run/r --runtime-arg --log-format=json --runtime-arg --systemd-cgroup"), args);
  }

  @Test
  void arguments_stdinOnce_closesStdinWithTheFirstClient() {
    List<String> args = conmon(ConmonCgroup.NONE).arguments(launch.withStdin(true, true));

    assertTrue(args.contains("--stdin"));
    assertTrue(!args.contains("--leave-stdin-open"));
  }

  @Test
  void create_pidOnTheSyncPipe_isReturnedWithConmonsOwnPid() {
    runner.starts(firstConmon("", 0), conmonSays("{\"data\": 4242}\n", 4241));

    CreatedContainer created = conmon(ConmonCgroup.NONE).create(launch);

    assertEquals(new CreatedContainer("c1", 4242, 4241), created);
    List<String> command = runner.commands.getFirst();
    assertEquals(List.of("/bin/sh", "-c", "exec 3>\"$0\" 4<\"$1\" </dev/null && shift && echo ready"
        + " && exec >/dev/null && exec \"$@\""), command.subList(0, 3));
    assertEquals("/usr/bin/conmon", command.get(5));
    assertEquals(Map.of("_OCI_SYNCPIPE", "3", "_OCI_STARTPIPE", "4"), runner.environments.getFirst());
    assertEquals(List.of(), pipeDirectoriesLeft(), "the FIFOs are gone");
  }

  @Test
  void create_runtimeRefused_throwsItsMessageAndDeletesTheRemains() {
    runner.starts(firstConmon("", 0), conmonSays("{\"data\": -1, \"message\": \"{\\\"level\\\":\\\"error\\\",\\\"msg\\\":"
        + "\\\"runc create failed: exec: \\\\\\\"/bin/nope\\\\\\\": stat /bin/nope: no such file or directory\\\"}\\n\"}\n",
        999_999_998L));

    FailedPreconditionException e = assertThrows(FailedPreconditionException.class,
        () -> conmon(ConmonCgroup.NONE).create(launch));

    assertEquals("cannot create container c1: runc create failed: exec: \"/bin/nope\": stat /bin/nope: no such file"
        + " or directory", e.getMessage());
    assertEquals(List.of("delete --force c1"), runner.subcommands().subList(1, 2));
    assertTrue(Files.notExists(launch.conmonPidFile()));
  }

  @Test
  void create_conmonExitsWithoutReporting_isInternalWithWhatItSaid() {
    runner.starts(firstConmon("conmon: Unknown option --bogus\n", 1));

    InternalException e = assertThrows(InternalException.class, () -> conmon(ConmonCgroup.NONE).create(launch));

    assertEquals("conmon exited before creating container c1: exit status 1: conmon: Unknown option --bogus",
        e.getMessage());
  }

  @Test
  void create_cgroupRefusesConmon_killsItBeforeReleasingTheStartPipe() {
    FakeProcess process = firstConmon("", 0);
    runner.starts(process);
    ConmonCgroup full = (pid, cgroup) -> {
      throw new IOException("No space left on device");
    };

    InternalException e = assertThrows(InternalException.class,
        () -> conmon(full).create(launch.withConmonCgroup("pod/conmon")));

    assertEquals("cannot move conmon into cgroup pod/conmon: No space left on device", e.getMessage());
    assertTrue(process.destroyed, "conmon is killed while it still waits on its start pipe");
  }

  @Test
  void create_shellCannotStartConmon_isInternalWithWhatTheShellSaid() {
    runner.starts(new FakeProcess("", "sh: 1: cannot create /x/sync: Permission denied\n", 2));

    InternalException e = assertThrows(InternalException.class, () -> conmon(ConmonCgroup.NONE).create(launch));

    assertEquals("cannot start conmon for container c1: exit status 2: sh: 1: cannot create /x/sync: Permission denied",
        e.getMessage());
  }

  @Test
  void create_bundleWithoutConfig_isRefusedBeforeStartingConmon() throws IOException {
    Files.delete(dir.resolve("bundle/config.json"));

    assertThrows(FailedPreconditionException.class, () -> conmon(ConmonCgroup.NONE).create(launch));
    assertTrue(runner.commands.isEmpty());
  }

  @Test
  void create_staleAttachLinkFromAnEarlierAttempt_isRemovedFirst() throws IOException {
    Files.createDirectories(launch.socketDir());
    Files.createSymbolicLink(launch.socketDir().resolve("c1"), Path.of("/nowhere"));
    runner.starts(firstConmon("", 0), conmonSays("{\"data\": 7}\n", 6));

    conmon(ConmonCgroup.NONE).create(launch);

    assertTrue(Files.notExists(launch.socketDir().resolve("c1"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }
}

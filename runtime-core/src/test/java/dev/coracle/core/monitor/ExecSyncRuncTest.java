package dev.coracle.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ExecSync through real conmon 2.1 and runc 1.1, in one long-running container. */
class ExecSyncRuncTest {

  @TempDir
  static Path dir;

  private static RuncHost host;
  private static String id;
  private static JsonNode containerProcess;
  private static ExecSync execSync;

  @BeforeAll
  static void startContainer() throws Exception {
    host = RuncHost.open(dir);
    id = host.newId("exec");
    host.run(id, "/bin/catatonit", "--", "sleep", "1000");
    containerProcess = new ObjectMapper().readTree(host.dir.resolve("bundles").resolve(id).resolve("config.json").toFile())
        .get("process");
    execSync = new ExecSync(host.conmonBinary, host.runner, dir.resolve("exec"));
  }

  @AfterAll
  static void stopContainer() throws Exception {
    if (host != null) {
      host.close();
    }
  }

  private static ExecResult exec(Duration timeout, String... args) {
    return execSync.run(ExecRequest.of(id, host.settings, containerProcess, List.of(args), timeout));
  }

  @Test
  void run_bothStreamsAndAnExitCode_areKeptApart() {
    ExecResult result = exec(Duration.ofSeconds(10), "sh", "-c", "echo hi; echo err >&2; exit 7");

    assertEquals("hi\n", result.stdoutText());
    assertEquals("err\n", result.stderrText());
    assertEquals(7, result.exitCode());
    assertFalse(result.timedOut());
  }

  @Test
  void run_outputWithoutFinalNewline_isReturnedAsWritten() {
    ExecResult result = exec(Duration.ZERO, "printf", "a\\nb");

    assertEquals("a\nb", result.stdoutText());
    assertEquals(0, result.exitCode());
  }

  @Test
  void run_pastTheTimeout_isKilledOnTime_andNothingIsLeftInTheContainer() throws Exception {
    List<Long> before = host.runtime.processes(id);
    long start = System.nanoTime();

    ExecResult result = exec(Duration.ofSeconds(1), "sh", "-c", "echo started; sleep 10; echo never");

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(result.timedOut());
    assertEquals(-1, result.exitCode());
    assertEquals("started\n", result.stdoutText());
    assertTrue(took.compareTo(Duration.ofMillis(1000)) >= 0 && took.compareTo(Duration.ofMillis(2500)) < 0, took.toString());
    assertEquals(before, host.runtime.processes(id), "the exec'd shell and its sleep are gone");
  }

  @Test
  void run_moreThan16MiB_isCutAt16MiB() {
    // 4 KiB lines: conmon logs each line as an entry, so short lines would make a huge log.
    String line = "x".repeat(4095);

    ExecResult result = exec(Duration.ofSeconds(20), "sh", "-c", "yes " + line + " | head -c 17825792");

    assertEquals(ExecSync.OUTPUT_CAP, result.stdout().length);
    assertEquals(line + "\n" + line, new String(result.stdout(), 0, 8191, StandardCharsets.UTF_8));
    assertEquals(0, result.exitCode());
  }

  @Test
  void run_missingProgram_failsWithTheRuntimesMessage() {
    FailedPreconditionException e = assertThrows(FailedPreconditionException.class,
        () -> exec(Duration.ofSeconds(5), "/bin/nope"));

    assertTrue(e.getMessage().contains("stat /bin/nope: no such file or directory"), e.getMessage());
  }

  @Test
  void run_inAStoppedContainer_isFailedPrecondition() throws Exception {
    String stopped = host.newId("stopped");
    CreatedContainer created = host.run(stopped, "true");
    assertTrue(Procs.awaitExit(created.pid(), Duration.ofSeconds(2)));
    ExitWatcherTestSupport.awaitExitFile(host.exitDir, stopped);

    FailedPreconditionException e = assertThrows(FailedPreconditionException.class, () -> execSync.run(
        ExecRequest.of(stopped, host.settings, containerProcess, List.of("true"), Duration.ofSeconds(5))));

    assertTrue(e.getMessage().contains("stopped container"), e.getMessage());
  }

  @Test
  void run_unknownContainer_isNotFound() {
    assertThrows(NotFoundException.class, () -> execSync.run(
        ExecRequest.of("coracle-test-never-made", host.settings, containerProcess, List.of("true"), Duration.ofSeconds(5))));
  }
}

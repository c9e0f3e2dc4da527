package dev.coracle.hcs.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/** A process in a fake compute system, running its {@link ProcessBehaviour} on a thread of its own. */
final class FakeProcess implements ScriptedProcess {

  /** Exit code of a process ended by {@code HcsTerminateProcess}. */
  static final int TERMINATED_EXIT_CODE = 1;

  private final int pid;
  private final FakeSystem system;
  private final JsonNode parameters;
  private final Instant created = Instant.now();
  final FakePipe stdin;
  final FakePipe stdout;
  final FakePipe stderr;
  private final BlockingQueue<String> signals = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final Consumer<FakeProcess> onExit;
  private Thread thread;

  FakeProcess(int pid, FakeSystem system, JsonNode parameters, Consumer<FakeProcess> onExit) {
    this.pid = pid;
    this.system = system;
    this.parameters = parameters;
    this.onExit = onExit;
    this.stdin = parameters.path("CreateStdInPipe").asBoolean(false) ? new FakePipe() : null;
    this.stdout = parameters.path("CreateStdOutPipe").asBoolean(false) ? new FakePipe() : null;
    boolean console = parameters.path("EmulateConsole").asBoolean(false);
    this.stderr = parameters.path("CreateStdErrPipe").asBoolean(false) && !console ? new FakePipe() : null;
  }

  void start(ProcessBehaviour behaviour) {
    thread = Thread.ofVirtual().name("fake-process-" + pid).start(() -> {
      int code;
      try {
        code = behaviour.run(this);
      } catch (InterruptedException | java.io.InterruptedIOException e) {
        code = TERMINATED_EXIT_CODE;
      } catch (Exception e) {
        code = TERMINATED_EXIT_CODE;
      }
      exit(code);
    });
  }

  @Override
  public int pid() {
    return pid;
  }

  @Override
  public String commandLine() {
    return parameters.path("CommandLine").asText("");
  }

  @Override
  public JsonNode parameters() {
    return parameters;
  }

  @Override
  public InputStream stdin() {
    return stdin == null ? InputStream.nullInputStream() : stdin.inputStream();
  }

  @Override
  public OutputStream stdout() {
    return stdout == null ? OutputStream.nullOutputStream() : stdout.outputStream();
  }

  @Override
  public OutputStream stderr() {
    return stderr == null ? OutputStream.nullOutputStream() : stderr.outputStream();
  }

  @Override
  public String awaitSignal() throws InterruptedException {
    return signals.take();
  }

  FakeSystem system() {
    return system;
  }

  Instant created() {
    return created;
  }

  boolean exited() {
    return exit.isDone();
  }

  CompletableFuture<Integer> exitFuture() {
    return exit;
  }

  void signal(String name) {
    signals.add(name);
  }

  /** Ends the process now with exit code 1, as {@code TerminateProcess} does. */
  void terminate() {
    exit(TERMINATED_EXIT_CODE);
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** The process's side of stdin reaches its end ({@code CloseHandle StdIn}). */
  void closeStdin() {
    if (stdin != null) {
      stdin.closeReader();
    }
  }

  /** {@code ProcessStatus} (WINDOWS.md §1.2). */
  ObjectNode status() {
    ObjectNode status = Ledger.JSON.createObjectNode();
    status.put("ProcessId", pid);
    status.put("Exited", exited());
    if (exited()) {
      status.put("ExitCode", exit.join());
    }
    status.put("LastWaitResult", 0);
    return status;
  }

  private void exit(int code) {
    if (!exit.complete(code)) {
      return;
    }
    if (stdout != null) {
      stdout.closeWriter();
    }
    if (stderr != null) {
      stderr.closeWriter();
    }
    if (stdin != null) {
      stdin.closeReader();
    }
    onExit.accept(this);
  }
}

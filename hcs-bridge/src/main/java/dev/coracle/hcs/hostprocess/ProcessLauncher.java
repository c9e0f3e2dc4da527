package dev.coracle.hcs.hostprocess;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.hcs.nativeapi.JobApi;
import dev.coracle.hcs.nativeapi.ProcessInformation;
import dev.coracle.hcs.nativeapi.SecurityAttributes;
import dev.coracle.hcs.nativeapi.StartupInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts a process inside a job (WINDOWS.md §6): created suspended in a process group of its
 * own (so a {@code CTRL_BREAK_EVENT} reaches it and its children), assigned to the job, then
 * resumed, so none of its code runs outside the job. Its stdio are anonymous pipes whose child
 * ends alone are inheritable; stdin is at its end from the start. Whatever fails, every handle
 * made here is closed, and a created process is terminated.
 */
final class ProcessLauncher {

  private static final int FLAGS = JobApi.CREATE_SUSPENDED | JobApi.CREATE_NEW_PROCESS_GROUP
      | JobApi.CREATE_UNICODE_ENVIRONMENT;
  /**
   * Handles marked inheritable are inherited by every process created meanwhile with {@code
   * bInheritHandles}: one launch at a time keeps ours apart. (Other code in the JVM that
   * creates processes could still inherit a child end for that moment.)
   */
  private static final ReentrantLock INHERITANCE = new ReentrantLock();

  /**
   * A running process: its handle (the caller closes it) and the host's read ends of its
   * stdout and stderr (the readers close them).
   */
  record Launched(Pointer process, int pid, Pointer stdout, Pointer stderr) {}

  private final JobApi api;
  private final JobApi.Logon logon;

  ProcessLauncher(JobApi api, JobApi.Logon logon) {
    this.api = api;
    this.logon = logon;
  }

  /** Starts {@code spec} in {@code job}, as {@code token}'s user, or the daemon's with a NULL token. */
  Launched launch(JobObject job, Pointer token, LaunchSpec spec) {
    List<Pointer> handles = new ArrayList<>();
    INHERITANCE.lock();
    try {
      Pipe stdin = pipe(handles, false);
      Pipe stdout = pipe(handles, true);
      Pipe stderr = pipe(handles, true);
      StartupInfo startup = new StartupInfo();
      startup.dwFlags = JobApi.STARTF_USESTDHANDLES;
      startup.hStdInput = stdin.read();
      startup.hStdOutput = stdout.write();
      startup.hStdError = stderr.write();
      ProcessInformation info = new ProcessInformation();
      boolean created = token == null
          ? api.CreateProcessW(null, spec.commandLineChars(), null, null, true, FLAGS, spec.environmentBlock(),
              new WString(spec.workingDir()), startup, info)
          : logon.CreateProcessAsUserW(token, null, spec.commandLineChars(), null, null, true, FLAGS,
              spec.environmentBlock(), new WString(spec.workingDir()), startup, info);
      Win32.check(api, created, token == null ? "CreateProcessW" : "CreateProcessAsUserW");
      handles.add(info.hThread);
      // The child holds its own copies now; ours would keep its output pipes from ending.
      closeAll(List.of(stdin.read(), stdin.write(), stdout.write(), stderr.write()), handles);
      try {
        job.assign(info.hProcess);
        if (api.ResumeThread(info.hThread) == -1) {
          throw Win32.failure(api, "ResumeThread");
        }
      } catch (RuntimeException e) {
        api.TerminateProcess(info.hProcess, 1);
        Win32.close(api, info.hProcess);
        throw e;
      }
      closeAll(List.of(info.hThread), handles);
      return new Launched(info.hProcess, info.dwProcessId, stdout.read(), stderr.read());
    } catch (RuntimeException e) {
      closeAll(List.copyOf(handles), handles);
      throw e;
    } finally {
      INHERITANCE.unlock();
    }
  }

  private record Pipe(Pointer read, Pointer write) {}

  /** A pipe whose child end alone is inheritable: the write end when the child writes to it. */
  private Pipe pipe(List<Pointer> handles, boolean childWrites) {
    PointerByReference read = new PointerByReference();
    PointerByReference write = new PointerByReference();
    Win32.check(api, api.CreatePipe(read, write, SecurityAttributes.inheritable(true), 0), "CreatePipe");
    handles.add(read.getValue());
    handles.add(write.getValue());
    Pointer hostEnd = childWrites ? read.getValue() : write.getValue();
    Win32.check(api, api.SetHandleInformation(hostEnd, JobApi.HANDLE_FLAG_INHERIT, 0), "SetHandleInformation");
    return new Pipe(read.getValue(), write.getValue());
  }

  private void closeAll(List<Pointer> toClose, List<Pointer> handles) {
    for (Pointer handle : toClose) {
      if (handles.remove(handle)) {
        Win32.close(api, handle);
      }
    }
  }
}

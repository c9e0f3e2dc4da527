package dev.coracle.hcs.nativeapi;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The {@code kernel32.dll} functions that run HostProcess containers (WINDOWS.md §6, §8): job
 * objects, suspended processes with pipe stdio, waits, console control events and volume mount
 * points; {@link Logon} holds the two {@code advapi32.dll} ones. One Java method per export, in
 * the C parameter order; {@code BOOL} results are Java {@code boolean}s, handles {@link
 * Pointer}s, {@code PCWSTR} {@link WString}s, and the writable {@code LPWSTR} command line and
 * the {@code CREATE_UNICODE_ENVIRONMENT} block NUL-terminated {@code char[]}s. Nothing here
 * checks a result or closes a handle: {@code dev.coracle.hcs.hostprocess} does. Kept out of
 * {@link Natives} so the HCS wrappers do not change; a recording fake stands in on Linux.
 */
public interface JobApi extends StdCallLibrary {

  int ERROR_ALREADY_EXISTS = 183;
  int ERROR_BROKEN_PIPE = 109;

  /** {@code JOBOBJECTINFOCLASS} values used. */
  int JobObjectBasicAccountingInformation = 1;
  int JobObjectExtendedLimitInformation = 9;
  int JobObjectCpuRateControlInformation = 15;
  /** {@code JOBOBJECT_MEMORY_USAGE_INFORMATION}: what hcsshim reads for a job's commit (not on learn.microsoft.com). */
  int JobObjectMemoryUsageInformation = 28;

  int JOB_OBJECT_LIMIT_JOB_MEMORY = 0x00000200;
  int JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000;

  int JOB_OBJECT_CPU_RATE_CONTROL_ENABLE = 0x1;
  int JOB_OBJECT_CPU_RATE_CONTROL_WEIGHT_BASED = 0x2;
  int JOB_OBJECT_CPU_RATE_CONTROL_HARD_CAP = 0x4;

  int CREATE_SUSPENDED = 0x00000004;
  int CREATE_NEW_PROCESS_GROUP = 0x00000200;
  int CREATE_UNICODE_ENVIRONMENT = 0x00000400;

  int STARTF_USESTDHANDLES = 0x00000100;
  int HANDLE_FLAG_INHERIT = 0x00000001;

  int INFINITE = 0xFFFFFFFF;
  int WAIT_OBJECT_0 = 0;
  int WAIT_TIMEOUT = 0x102;
  int WAIT_FAILED = 0xFFFFFFFF;
  int STILL_ACTIVE = 259;

  int CTRL_C_EVENT = 0;
  int CTRL_BREAK_EVENT = 1;

  /** Returns NULL on failure; an existing job of that name opens with {@code ERROR_ALREADY_EXISTS}. */
  Pointer CreateJobObjectW(SecurityAttributes jobAttributes, WString name);

  boolean SetInformationJobObject(Pointer job, int infoClass, Structure info, int length);

  boolean QueryInformationJobObject(Pointer job, int infoClass, Structure info, int length,
      IntByReference returnLength);

  boolean AssignProcessToJobObject(Pointer job, Pointer process);

  boolean TerminateJobObject(Pointer job, int exitCode);

  boolean CreateProcessW(WString applicationName, char[] commandLine, SecurityAttributes processAttributes,
      SecurityAttributes threadAttributes, boolean inheritHandles, int creationFlags, char[] environment,
      WString currentDirectory, StartupInfo startupInfo, ProcessInformation processInformation);

  /** The thread's previous suspend count, {@code (DWORD) -1} on failure. */
  int ResumeThread(Pointer thread);

  boolean TerminateProcess(Pointer process, int exitCode);

  /** {@link #WAIT_OBJECT_0}, {@link #WAIT_TIMEOUT} or {@link #WAIT_FAILED}. */
  int WaitForSingleObject(Pointer handle, int milliseconds);

  boolean GetExitCodeProcess(Pointer process, IntByReference exitCode);

  /** {@code processGroupId} is the PID of a process created with {@link #CREATE_NEW_PROCESS_GROUP}. */
  boolean GenerateConsoleCtrlEvent(int ctrlEvent, int processGroupId);

  boolean CreatePipe(PointerByReference readPipe, PointerByReference writePipe, SecurityAttributes pipeAttributes,
      int size);

  boolean SetHandleInformation(Pointer handle, int mask, int flags);

  /** {@code overlapped} is always null: the readers read synchronously. */
  boolean ReadFile(Pointer file, byte[] buffer, int bytesToRead, IntByReference bytesRead, Pointer overlapped);

  boolean CloseHandle(Pointer handle);

  /** Both paths end with a backslash; the mount point is an empty NTFS directory. */
  boolean SetVolumeMountPointW(WString volumeMountPoint, WString volumeName);

  boolean DeleteVolumeMountPointW(WString volumeMountPoint);

  /** The calling thread's last Win32 error, as JNA kept it after the call (see {@link Kernel32#lastError()}). */
  default int lastError() {
    return Native.getLastError();
  }

  /** Loads {@code kernel32.dll}. Windows only, never in a test. */
  static JobApi load() {
    return Native.load("kernel32", JobApi.class);
  }

  /** The {@code advapi32.dll} half: service logons and processes under their tokens (WINDOWS.md §6). */
  interface Logon extends StdCallLibrary {

    int LOGON32_LOGON_SERVICE = 5;
    int LOGON32_PROVIDER_DEFAULT = 0;

    /** The token goes to {@code token}; the caller closes it with {@code CloseHandle}. */
    boolean LogonUserW(WString user, WString domain, WString password, int logonType, int logonProvider,
        PointerByReference token);

    boolean CreateProcessAsUserW(Pointer token, WString applicationName, char[] commandLine,
        SecurityAttributes processAttributes, SecurityAttributes threadAttributes, boolean inheritHandles,
        int creationFlags, char[] environment, WString currentDirectory, StartupInfo startupInfo,
        ProcessInformation processInformation);

    /** Loads {@code advapi32.dll}. Windows only, never in a test. */
    static Logon load() {
      return Native.load("advapi32", Logon.class);
    }
  }
}

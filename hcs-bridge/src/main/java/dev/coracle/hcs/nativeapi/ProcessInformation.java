package dev.coracle.hcs.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code PROCESS_INFORMATION}, 24 bytes on x64: the caller closes both handles. */
@FieldOrder({"hProcess", "hThread", "dwProcessId", "dwThreadId"})
public final class ProcessInformation extends Structure {

  public Pointer hProcess;
  public Pointer hThread;
  public int dwProcessId;
  public int dwThreadId;
}

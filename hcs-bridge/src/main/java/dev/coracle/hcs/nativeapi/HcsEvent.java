package dev.coracle.hcs.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;

/**
 * {@code HCS_EVENT} (WINDOWS.md §1.2): {@code HCS_EVENT_TYPE Type} (uint32, then 4 bytes of
 * padding), {@code PCWSTR EventData}, {@code HCS_OPERATION Operation}; 24 bytes on x64. HCS
 * owns the memory: read it inside the callback and never free it.
 */
@FieldOrder({"Type", "EventData", "Operation"})
public final class HcsEvent extends Structure {

  public static final int INVALID = 0;
  /** Data: {@code SystemExitStatus {Status, ExitType}}. */
  public static final int SYSTEM_EXITED = 1;
  public static final int SYSTEM_CRASH_INITIATED = 2;
  public static final int SYSTEM_CRASH_REPORT = 3;
  public static final int RDP_ENHANCED_MODE_STATE_CHANGED = 4;
  public static final int SILO_JOB_CREATED = 5;
  public static final int GUEST_CONNECTION_CLOSED = 6;
  /** Data: {@code ProcessStatus {ProcessId, Exited, ExitCode, LastWaitResult}}. */
  public static final int PROCESS_EXITED = 0x00010000;
  public static final int OPERATION_CALLBACK = 0x01000000;
  public static final int SERVICE_DISCONNECT = 0x02000000;

  public int Type;
  public WString EventData;
  public Pointer Operation;

  public HcsEvent() {
  }

  /** A view of the event HCS passes to a callback. */
  public HcsEvent(Pointer memory) {
    super(memory);
    read();
  }
}

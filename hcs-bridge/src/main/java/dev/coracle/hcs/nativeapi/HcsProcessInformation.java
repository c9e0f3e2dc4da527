package dev.coracle.hcs.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code HCS_PROCESS_INFORMATION} (WINDOWS.md §1.2, §2c): {@code DWORD ProcessId},
 * {@code DWORD Reserved}, then the host ends of the stdio pipes, {@code HANDLE StdInput},
 * {@code StdOutput}, {@code StdError}; 32 bytes on x64. The caller owns the pipe handles and
 * must {@code CloseHandle} each; NULL or {@code INVALID_HANDLE_VALUE} means not created.
 */
@FieldOrder({"ProcessId", "Reserved", "StdInput", "StdOutput", "StdError"})
public final class HcsProcessInformation extends Structure {

  public int ProcessId;
  public int Reserved;
  public Pointer StdInput;
  public Pointer StdOutput;
  public Pointer StdError;
}

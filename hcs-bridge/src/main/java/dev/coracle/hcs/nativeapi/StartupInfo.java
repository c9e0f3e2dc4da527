package dev.coracle.hcs.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code STARTUPINFOW}, 104 bytes on x64; {@code cb} must hold that size. With {@link
 * JobApi#STARTF_USESTDHANDLES} in {@code dwFlags} the child's stdio are the three handles,
 * which must be inheritable and {@code bInheritHandles} TRUE.
 */
@FieldOrder({"cb", "lpReserved", "lpDesktop", "lpTitle", "dwX", "dwY", "dwXSize", "dwYSize", "dwXCountChars",
    "dwYCountChars", "dwFillAttribute", "dwFlags", "wShowWindow", "cbReserved2", "lpReserved2", "hStdInput",
    "hStdOutput", "hStdError"})
public final class StartupInfo extends Structure {

  public int cb;
  public Pointer lpReserved;
  public Pointer lpDesktop;
  public Pointer lpTitle;
  public int dwX;
  public int dwY;
  public int dwXSize;
  public int dwYSize;
  public int dwXCountChars;
  public int dwYCountChars;
  public int dwFillAttribute;
  public int dwFlags;
  public short wShowWindow;
  public short cbReserved2;
  public Pointer lpReserved2;
  public Pointer hStdInput;
  public Pointer hStdOutput;
  public Pointer hStdError;

  public StartupInfo() {
    cb = size();
  }
}

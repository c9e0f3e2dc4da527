package dev.coracle.hcs.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code SECURITY_ATTRIBUTES}: {@code DWORD nLength}, the descriptor, {@code BOOL bInheritHandle}; 24 bytes on x64. */
@FieldOrder({"nLength", "lpSecurityDescriptor", "bInheritHandle"})
public final class SecurityAttributes extends Structure {

  public int nLength;
  public Pointer lpSecurityDescriptor;
  public boolean bInheritHandle;

  /** Default security, handles inheritable when {@code inherit}. */
  public static SecurityAttributes inheritable(boolean inherit) {
    SecurityAttributes attributes = new SecurityAttributes();
    attributes.nLength = attributes.size();
    attributes.bInheritHandle = inherit;
    return attributes;
  }
}

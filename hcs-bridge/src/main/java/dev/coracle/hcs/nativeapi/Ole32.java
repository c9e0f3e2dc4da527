package dev.coracle.hcs.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.win32.StdCallLibrary;

/** {@code ole32.dll}'s {@code CoTaskMemFree}, for computenetwork and {@code HNSCall} strings (WINDOWS.md §1.1). */
public interface Ole32 extends StdCallLibrary {

  void CoTaskMemFree(Pointer memory);
}

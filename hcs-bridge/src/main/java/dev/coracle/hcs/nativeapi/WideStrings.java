package dev.coracle.hcs.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * Reads a {@code PWSTR} that a DLL returned through a {@code PWSTR*} and frees it at once with
 * the free function that DLL's documentation names (WINDOWS.md §1.1): {@code LocalFree} for
 * computecore and computestorage, {@code CoTaskMemFree} for computenetwork and {@code HNSCall}.
 */
public final class WideStrings {

  private WideStrings() {
  }

  /** The string, {@code ""} for NULL; frees it with {@code LocalFree}. */
  public static String takeLocal(Kernel32 kernel32, PointerByReference result) {
    Pointer text = result.getValue();
    if (text == null) {
      return "";
    }
    try {
      return text.getWideString(0);
    } finally {
      kernel32.LocalFree(text);
      result.setValue(null);
    }
  }

  /** The string, {@code ""} for NULL; frees it with {@code CoTaskMemFree}. */
  public static String takeCoTask(Ole32 ole32, PointerByReference result) {
    Pointer text = result.getValue();
    if (text == null) {
      return "";
    }
    try {
      return text.getWideString(0);
    } finally {
      ole32.CoTaskMemFree(text);
      result.setValue(null);
    }
  }
}
